package dev.ordersaga.messaging.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.MessagingProperties;
import dev.ordersaga.messaging.TraceparentSource;

/**
 * The producer side: the {@link Outbox}, its {@link OutboxRelay}, the backlog view, the
 * housekeeping and the topics this service produces.
 */
@Configuration(proxyBeanMethods = false)
public class OutboxConfiguration {

	private static final Logger log = LoggerFactory.getLogger(OutboxConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	Outbox outbox(DataSource dataSource, EventCodec codec, org.springframework.core.env.Environment environment,
			TraceparentSource traceparents, ObjectProvider<MeterRegistry> meters) {
		String producer = environment.getRequiredProperty("spring.application.name");
		return new Outbox(new JdbcTemplate(dataSource), codec, producer, traceparents, Clock.systemUTC(),
				meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxBacklog outboxBacklog(DataSource dataSource) {
		return new OutboxBacklog(new JdbcTemplate(dataSource));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "ordersaga.messaging.relay.enabled", havingValue = "true", matchIfMissing = true)
	OutboxRelay outboxRelay(DataSource dataSource, PlatformTransactionManager transactionManager,
			KafkaTemplate<String, byte[]> messagingKafkaTemplate, MessagingProperties properties,
			ObjectProvider<JdbcConnectionDetails> connectionDetails, ObjectProvider<MeterRegistry> meters) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		String schema = jdbc.queryForObject("SELECT current_schema()", String.class);
		if (schema == null) {
			throw new IllegalStateException("The data source has no current schema; set the search path to the "
					+ "service's schema");
		}
		OutboxNotifications notifications = new OutboxNotifications(listenConnection(dataSource, connectionDetails),
				schema);
		// The relay has a producer of its own: it resets it after a failed batch without disturbing
		// the dead-letter recoverer, which shares the template's settings but not its producer.
		KafkaTemplate<String, byte[]> relayTemplate = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
				messagingKafkaTemplate.getProducerFactory().getConfigurationProperties(), new StringSerializer(),
				new ByteArraySerializer()));
		return new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), relayTemplate,
				properties.relay(), notifications,
				meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
	}

	/**
	 * The relay LISTENs on a connection outside the pool, so it does not take a pooled connection
	 * away for good; without connection details it borrows one from the data source.
	 */
	private static Callable<Connection> listenConnection(DataSource dataSource,
			ObjectProvider<JdbcConnectionDetails> connectionDetails) {
		JdbcConnectionDetails details = connectionDetails.getIfAvailable();
		if (details == null) {
			return dataSource::getConnection;
		}
		return () -> DriverManager.getConnection(details.getJdbcUrl(), details.getUsername(), details.getPassword());
	}

	@Bean
	@ConditionalOnMissingBean
	MessagingHousekeeping messagingHousekeeping(DataSource dataSource, OutboxBacklog backlog,
			MessagingProperties properties, ObjectProvider<MeterRegistry> meters) {
		return new MessagingHousekeeping(new JdbcTemplate(dataSource), backlog, properties.retention(),
				meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
	}
}
