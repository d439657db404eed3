package dev.ordersaga.messaging.outbox;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.messaging.MessagingProperties;

/** Relays a test starts and stops itself, each with a producer of its own, as separate instances would have. */
final class TestRelays {

	private TestRelays() {
	}

	static OutboxRelay relay(DataSource dataSource, Map<String, Object> producerConfig, MessagingProperties.Relay settings) {
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(producerConfig, new StringSerializer(), new ByteArraySerializer()));
		return relay(dataSource, template, settings, dataSource::getConnection, new SimpleMeterRegistry());
	}

	/** A relay whose LISTEN connection comes from the given connector, with its meters in the given registry. */
	static OutboxRelay relay(DataSource dataSource, KafkaTemplate<String, byte[]> template,
			MessagingProperties.Relay settings, Callable<Connection> listenConnection, MeterRegistry meters) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		RelayStore store = new RelayStore(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)),
				settings);
		return new OutboxRelay(store, template, settings,
				new OutboxNotifications(listenConnection, jdbc.queryForObject("SELECT current_schema()", String.class),
						OutboxConfiguration.probeTimeout(settings)),
				meters);
	}

	/** Relay settings for tests: switched on, with the given batch size and send timeout. */
	static MessagingProperties.Relay settings(int batchSize, Duration sendTimeout, Duration maxBackoff) {
		return new MessagingProperties.Relay(true, batchSize, Duration.ofMillis(200), sendTimeout,
				Duration.ofMillis(100), maxBackoff, 256, sendTimeout.multipliedBy(2), 5);
	}

	/** The given settings, switched on, with another lease and refusal count before parking. */
	static MessagingProperties.Relay settings(MessagingProperties.Relay settings, Duration lease, int parkAfter) {
		return new MessagingProperties.Relay(true, settings.batchSize(), settings.pollInterval(),
				settings.sendTimeout(), settings.initialBackoff(), settings.maxBackoff(), settings.orderingBuckets(),
				lease, parkAfter);
	}

	static long pending(JdbcTemplate jdbc) {
		Long count = jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE published_at IS NULL", Long.class);
		return count == null ? 0 : count;
	}
}
