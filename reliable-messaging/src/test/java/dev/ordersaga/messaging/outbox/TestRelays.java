package dev.ordersaga.messaging.outbox;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.messaging.MessagingProperties;

/** Relays a test starts and stops itself, each with a producer of its own, as separate instances would have. */
final class TestRelays {

	private TestRelays() {
	}

	static OutboxRelay relay(DataSource dataSource, PlatformTransactionManager transactionManager,
			Map<String, Object> producerConfig, MessagingProperties.Relay settings) {
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(producerConfig, new StringSerializer(), new ByteArraySerializer()));
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		return new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), template, settings,
				new OutboxNotifications(dataSource::getConnection,
						jdbc.queryForObject("SELECT current_schema()", String.class)),
				new SimpleMeterRegistry());
	}

	/** Relay settings for tests: switched on, with the given batch size and send timeout. */
	static MessagingProperties.Relay settings(int batchSize, Duration sendTimeout, Duration maxBackoff) {
		return new MessagingProperties.Relay(true, batchSize, Duration.ofMillis(200), sendTimeout,
				Duration.ofMillis(100), maxBackoff, 256);
	}

	static long pending(JdbcTemplate jdbc) {
		Long count = jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE published_at IS NULL", Long.class);
		return count == null ? 0 : count;
	}
}
