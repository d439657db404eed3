package dev.ordersaga.messaging.outbox;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.messaging.EventJsonSize;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.awaitility.Awaitility.await;

/**
 * Prints the relay's throughput draining a backlog of 1 KiB events with one and with two instances,
 * and commit → consumed latency at a steady rate. Not part of the build: run it with
 * {@code ./mvnw -pl reliable-messaging -am verify -Dit.test=RelayThroughputBenchmark -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@SpringBootTest(classes = MessagingTestApplication.class, properties = { "ordersaga.messaging.relay.enabled=false",
		"ordersaga.messaging.consumer.enabled=false" })
@RealInfrastructure
@DirtiesContext
class RelayThroughputBenchmark {

	static final int BACKLOG = 20_000;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	KafkaTemplate<String, byte[]> messagingKafkaTemplate;

	@Autowired
	Outbox outbox;

	final EventCodec codec = new EventCodec();

	@Test
	void printRelayFigures() throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("UPDATE outbox_event SET published_at = clock_timestamp() WHERE published_at IS NULL");
		System.out.printf("%nRelay benchmark: envelope of %d bytes, backlog %d events, batch size 500%n",
				EventJsonSize.of(codec, sample(UUID.randomUUID())), BACKLOG);
		for (int relays : new int[] { 1, 2, 1, 2 }) {
			preload(jdbc);
			List<OutboxRelay> running = new ArrayList<>();
			long started = System.nanoTime();
			for (int i = 0; i < relays; i++) {
				OutboxRelay relay = relay();
				relay.start();
				running.add(relay);
			}
			await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(() -> pending(jdbc) == 0);
			double seconds = (System.nanoTime() - started) / 1e9;
			running.forEach(OutboxRelay::stop);
			System.out.printf("  %d relay instance(s): %,.0f events/s (%d events in %.2f s)%n", relays,
					BACKLOG / seconds, BACKLOG, seconds);
		}
		latency(jdbc);
	}

	private void latency(JdbcTemplate jdbc) {
		int rate = 500;
		int seconds = 10;
		OutboxRelay relay = relay();
		relay.start();
		List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean consuming = new AtomicBoolean(true);
		String group = "latency-" + UUID.randomUUID();
		Thread consumer = new Thread(() -> {
			Map<String, Object> config = new HashMap<>(TestInfrastructure.get().kafkaAdminConfig());
			config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
			config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
			try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config, new StringDeserializer(),
					new ByteArrayDeserializer())) {
				kafka.subscribe(List.of(Topics.ORDERS.name()));
				while (consuming.get()) {
					kafka.poll(Duration.ofMillis(50)).forEach(record -> {
						Instant occurred = codec.read(record.value()).occurredAt();
						latenciesMicros.add(Duration.between(occurred, Instant.now()).toNanos() / 1000);
					});
				}
			}
		});
		consumer.start();
		await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);
		long start = System.nanoTime();
		for (int i = 0; i < rate * seconds; i++) {
			long due = start + (long) (i * 1e9 / rate);
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			UUID orderId = UUID.randomUUID();
			transactions.executeWithoutResult(status -> outbox.append(sample(orderId)));
		}
		await().atMost(Duration.ofMinutes(1)).until(() -> latenciesMicros.size() >= rate * seconds);
		consuming.set(false);
		relay.stop();
		List<Long> sorted = new ArrayList<>(latenciesMicros);
		Collections.sort(sorted);
		System.out.printf("  commit -> consumed at %d events/s for %d s (%d events): p50 %.1f ms, p95 %.1f ms, "
				+ "p99 %.1f ms, max %.1f ms%n%n", rate, seconds, sorted.size(), percentile(sorted, 50),
				percentile(sorted, 95), percentile(sorted, 99), sorted.get(sorted.size() - 1) / 1000.0);
	}

	private static double percentile(List<Long> sorted, double percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index)) / 1000.0;
	}

	private void preload(JdbcTemplate jdbc) {
		List<Object[]> rows = new ArrayList<>(BACKLOG);
		for (int i = 0; i < BACKLOG; i++) {
			UUID orderId = new UUID(42, i % 200);
			var envelope = codec.envelope(EventCatalog.ORDER_PLACED_V2, sample(orderId), UUID.randomUUID(),
					Instant.now(), "order-service", "benchmark", null, null);
			rows.add(new Object[] { envelope.eventId(), Topics.ORDERS.name(), "Order", orderId.toString(),
					"OrderPlaced", 2, codec.writeString(envelope) });
		}
		jdbc.batchUpdate("""
				INSERT INTO outbox_event (position, event_id, topic, aggregate_type, aggregate_id, event_type,
				                          schema_version, envelope)
				VALUES (nextval('outbox_event_position'), ?, ?, ?, ?, ?, ?, ?)
				""", rows);
	}

	private OutboxRelay relay() {
		return TestRelays.relay(dataSource,
				messagingKafkaTemplate.getProducerFactory().getConfigurationProperties(),
				TestRelays.settings(500, Duration.ofSeconds(30), Duration.ofSeconds(10)));
	}

	private static long pending(JdbcTemplate jdbc) {
		return TestRelays.pending(jdbc);
	}

	/** An OrderPlaced whose envelope is about 1 KiB. */
	static OrderPlaced sample(UUID orderId) {
		List<OrderLine> lines = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			lines.add(new OrderLine("SKU-BENCHMARK-" + i, i + 1, new BigDecimal("12.50")));
		}
		return new OrderPlaced(orderId, UUID.nameUUIDFromBytes(orderId.toString().getBytes()), lines,
				new BigDecimal("262.50"), "EUR", "benchmark.customer@example.com");
	}
}
