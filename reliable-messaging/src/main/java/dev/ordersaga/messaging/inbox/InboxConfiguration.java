package dev.ordersaga.messaging.inbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.MessagingProperties;

/**
 * The consumer side: handler discovery, the {@link InboxProcessor}, the {@link InboxConsumer} and
 * its health.
 */
@Configuration(proxyBeanMethods = false)
public class InboxConfiguration {

	/** The consumers' session timeout unless {@code spring.kafka.consumer.properties} sets one. */
	public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

	@Bean
	static HandlerDiscovery integrationEventHandlerDiscovery(ConfigurableListableBeanFactory beanFactory) {
		return new HandlerDiscovery(beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	InboxProcessor inboxProcessor(EventCodec codec, HandlerDiscovery handlers, DataSource dataSource,
			PlatformTransactionManager transactionManager, MessagingProperties properties, Environment environment,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<ObservationRegistry> observations,
			ObjectProvider<InboxProcessor.RecordBoundary> boundaries) {
		return new InboxProcessor(codec, handlers, new JdbcTemplate(dataSource),
				new TransactionTemplate(transactionManager), groupId(properties, environment),
				meters.getIfAvailable(SimpleMeterRegistry::new), properties.consumer().verifyOrigin(),
				properties.consumer().batchSize(), observations.getIfAvailable(() -> ObservationRegistry.NOOP),
				boundaries.getIfAvailable(() -> InboxProcessor.RecordBoundary.FLUSH));
	}

	/** Where the service uses JPA: its session is flushed and cleared between the records of a batch. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ EntityManagerFactory.class, EntityManagerFactoryUtils.class })
	static class JpaBatches {

		@Bean
		@ConditionalOnMissingBean
		InboxProcessor.RecordBoundary inboxRecordBoundary(ObjectProvider<EntityManagerFactory> entityManagerFactories) {
			return new JpaRecordBoundary(entityManagerFactories);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	InboxConsumer inboxConsumer(InboxProcessor processor, HandlerDiscovery handlers,
			ConsumerFactory<?, ?> bootConsumerFactory, KafkaTemplate<String, byte[]> messagingKafkaTemplate,
			MessagingProperties properties, Environment environment,
			ObjectProvider<MeterRegistry> meters, ApplicationContext context) {
		String application = environment.getRequiredProperty("spring.application.name");
		return new InboxConsumer(processor, handlers, messagingConsumerFactory(bootConsumerFactory),
				messagingKafkaTemplate, properties, groupId(properties, environment),
				Topics.deadLetterTopic(application), meters.getIfAvailable(SimpleMeterRegistry::new), context);
	}

	@Bean
	@ConditionalOnMissingBean
	TopicReplay topicReplay(ConsumerFactory<?, ?> bootConsumerFactory, Environment environment) {
		return new TopicReplay(bootConsumerFactory, environment.getRequiredProperty("spring.application.name"));
	}

	/**
	 * Boot's consumer settings (bootstrap servers, security, client tuning) with what the inbox
	 * relies on: raw bytes (so an undecodable record reaches the dead-letter topic intact), no
	 * auto-commit, a new group starting at the earliest offset so it misses no event, and no topic
	 * created by subscribing to it (a consumed topic belongs to its producer, which creates it with
	 * its partitions and settings; a broker that auto-creates topics would otherwise make it with
	 * its defaults).
	 * <p>
	 * The session timeout is {@link #SESSION_TIMEOUT} unless Boot's settings give one: a consumer killed
	 * without leaving its group keeps its partitions until its session ends, so a service restarted
	 * after a crash reads nothing for that long (45 s with Kafka's default, which is meant for clouds
	 * where heartbeats are lost more often than processes). The heartbeats come from the client's own
	 * thread, so a slow record does not end a session; {@code max.poll.interval.ms} covers that.
	 */
	public static ConsumerFactory<String, byte[]> messagingConsumerFactory(ConsumerFactory<?, ?> bootConsumerFactory) {
		Map<String, Object> config = new HashMap<>(bootConsumerFactory.getConfigurationProperties());
		config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
		config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
		return new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
	}

	/** Only with Spring Boot's health support; {@code management.health.inbox.enabled=false} switches it off. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("inbox")
	static class InboxHealth {

		@Bean
		@ConditionalOnMissingBean(name = "inboxHealthIndicator")
		InboxHealthIndicator inboxHealthIndicator(InboxConsumer inboxConsumer, KafkaAdmin admin) {
			return new InboxHealthIndicator(inboxConsumer, admin.getConfigurationProperties());
		}
	}

	static String groupId(MessagingProperties properties, Environment environment) {
		String groupId = properties.consumer().groupId();
		return groupId != null && !groupId.isBlank() ? groupId
				: environment.getRequiredProperty("spring.application.name");
	}
}
