package dev.ordersaga.benchmarks.relay;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * One instance of a service that uses reliable-messaging: the library's auto-configuration over a
 * data source and Kafka, its relay switched on, nothing of Spring Modulith (whose jars share the
 * classpath only for the peer's sake).
 */
@SpringBootApplication(excludeName = {
		"org.springframework.modulith.events.config.EventPublicationAutoConfiguration",
		"org.springframework.modulith.events.config.EventExternalizationAutoConfiguration",
		"org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration",
		"org.springframework.modulith.events.kafka.KafkaEventExternalizerConfiguration",
		"org.springframework.modulith.events.kafka.KafkaJacksonConfiguration",
		"org.springframework.modulith.events.kafka.KafkaJackson2Configuration",
		"org.springframework.modulith.events.jackson.JacksonEventSerializationConfiguration",
		"org.springframework.modulith.events.jackson2.Jackson2EventSerializationConfiguration",
		"org.springframework.modulith.moments.autoconfigure.MomentsAutoConfiguration" })
public class RelayInstance {
}
