package dev.ordersaga.messaging.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.messaging.MessagingProperties;
import dev.ordersaga.messaging.TraceparentSource;

/**
 * The producer side: the {@link Outbox}, its {@link OutboxRelay}, the backlog view, the parked
 * rows and the housekeeping. The topics this service produces are provisioned in
 * {@code dev.ordersaga.messaging.topics}.
 */
@Configuration(proxyBeanMethods = false)
public class OutboxConfiguration {

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
	OutboxRelay outboxRelay(DataSource dataSource, KafkaTemplate<String, byte[]> messagingKafkaTemplate,
			MessagingProperties properties, ObjectProvider<JdbcConnectionDetails> connectionDetails,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<PublishSpans> spans) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		String schema = jdbc.queryForObject("SELECT current_schema()", String.class);
		if (schema == null) {
			throw new IllegalStateException("The data source has no current schema; set the search path to the "
					+ "service's schema");
		}
		MessagingProperties.Relay settings = properties.relay();
		OutboxNotifications notifications = new OutboxNotifications(listenConnection(dataSource, connectionDetails),
				schema, probeTimeout(settings));
		// The relay has a producer of its own: it resets it after a failed batch without disturbing
		// the dead-letter recoverer, which shares the template's settings but not its producer.
		KafkaTemplate<String, byte[]> relayTemplate = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
				messagingKafkaTemplate.getProducerFactory().getConfigurationProperties(), new StringSerializer(),
				new ByteArraySerializer()));
		// A plain JDBC transaction manager: the relay's two short transactions touch the outbox table
		// only, and need nothing of the service's JPA persistence context.
		RelayStore store = new RelayStore(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)),
				settings);
		return new OutboxRelay(store, relayTemplate, settings, notifications,
				meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new),
				spans.getIfAvailable(() -> PublishSpans.NONE));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class RelayTracing {

		/** The relay's publish spans, children of the rows' traceparents, parents of the consumers' spans. */
		@Bean
		@ConditionalOnMissingBean
		PublishSpans relayPublishSpans(ObjectProvider<Tracer> tracers, ObjectProvider<Propagator> propagators) {
			return new TracerPublishSpans(tracers, propagators);
		}
	}

	/**
	 * How long a probe of the LISTEN connection may take: the poll interval, between 1 and 5 seconds,
	 * so a dead connection is replaced within about one poll interval and a busy database is not
	 * mistaken for a dead one.
	 */
	static Duration probeTimeout(MessagingProperties.Relay settings) {
		Duration poll = settings.pollInterval();
		Duration floor = Duration.ofSeconds(1);
		Duration ceiling = Duration.ofSeconds(5);
		return poll.compareTo(floor) < 0 ? floor : poll.compareTo(ceiling) > 0 ? ceiling : poll;
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
	ParkedOutboxEvents parkedOutboxEvents(DataSource dataSource) {
		return new ParkedOutboxEvents(new JdbcTemplate(dataSource));
	}

	@Bean
	@ConditionalOnMissingBean
	MessagingHousekeeping messagingHousekeeping(DataSource dataSource, OutboxBacklog backlog,
			MessagingProperties properties, ObjectProvider<MeterRegistry> meters) {
		return new MessagingHousekeeping(new JdbcTemplate(dataSource), backlog, properties.retention(),
				meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
	}
}
