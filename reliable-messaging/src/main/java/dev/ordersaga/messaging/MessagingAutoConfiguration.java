package dev.ordersaga.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.messaging.admin.MessagingAdminConfiguration;
import dev.ordersaga.messaging.inbox.InboxConfiguration;
import dev.ordersaga.messaging.outbox.OutboxConfiguration;
import dev.ordersaga.messaging.topics.TopicConfiguration;

/**
 * Auto-configuration of reliable messaging for a service with a PostgreSQL data source and Kafka:
 * the outbox and its relay, the inbox consumer with retries and dead letters, the messaging
 * tables' migration, trace and correlation propagation, metrics and the admin endpoints. Every
 * bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration" })
@ConditionalOnClass({ KafkaTemplate.class, DataSource.class })
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(MessagingProperties.class)
@Import({ OutboxConfiguration.class, InboxConfiguration.class, TopicConfiguration.class,
		MessagingAdminConfiguration.class })
public class MessagingAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(MessagingAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	EventCodec eventCodec() {
		return new EventCodec();
	}

	/**
	 * The producer of the relay and of the dead-letter recoverer: Boot's producer settings plus what
	 * ordering and durability need (idempotence, acks=all, at most 5 requests in flight).
	 */
	@Bean
	@ConditionalOnMissingBean(name = "messagingKafkaTemplate")
	KafkaTemplate<String, byte[]> messagingKafkaTemplate(ProducerFactory<?, ?> bootProducerFactory,
			MessagingProperties properties) {
		Map<String, Object> config = new HashMap<>(bootProducerFactory.getConfigurationProperties());
		config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
		config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
		config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
		config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
		Duration sendTimeout = properties.relay().sendTimeout();
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis());
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, sendTimeout.toMillis() / 2));
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1000, sendTimeout.toMillis() / 2));
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config,
				new StringSerializer(), new ByteArraySerializer());
		return new KafkaTemplate<>(factory);
	}

	@Bean
	@ConditionalOnBean(Flyway.class)
	@ConditionalOnMissingBean
	MessagingSchemaMigration messagingSchemaMigration(Flyway flyway,
			ObjectProvider<FlywayMigrationInitializer> serviceMigrations) {
		// Resolving the initializer runs the service's migrations first: see MessagingSchemaMigration.
		serviceMigrations.ifAvailable(initializer -> log.debug("Service migrations ran before messaging migrations"));
		return new MessagingSchemaMigration(flyway);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistryCustomizer.class)
	static class ApplicationTag {

		/** Tags every meter with the service's name, so one Prometheus can scrape all five. */
		@Bean
		MeterRegistryCustomizer<MeterRegistry> applicationTagCustomizer(
				org.springframework.core.env.Environment environment) {
			String application = environment.getProperty("spring.application.name", "application");
			return registry -> registry.config().commonTags("application", application);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class MicrometerTracingTraceparents {

		/** The current span's traceparent, rendered by the application's own propagator. */
		@Bean
		@ConditionalOnMissingBean
		TraceparentSource traceparentSource(ObjectProvider<Tracer> tracers, ObjectProvider<Propagator> propagators) {
			return () -> {
				Tracer tracer = tracers.getIfAvailable();
				Propagator propagator = propagators.getIfAvailable();
				Span span = tracer != null ? tracer.currentSpan() : null;
				if (span == null || propagator == null) {
					return null;
				}
				Map<String, String> carrier = new HashMap<>();
				propagator.inject(span.context(), carrier, Map::put);
				return carrier.get("traceparent");
			};
		}
	}

	@Bean
	@ConditionalOnMissingBean
	TraceparentSource noTraceparents() {
		return TraceparentSource.NONE;
	}
}
