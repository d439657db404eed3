package dev.ordersaga.messaging.outbox;

import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.MessagingProperties;
import dev.ordersaga.testsupport.TopicReader;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestOrders;
import dev.ordersaga.testsupport.KafkaBrokerProcess;
import dev.ordersaga.testsupport.RealInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka goes away while events keep being written: the relay backs off, nothing is lost, and the
 * backlog drains in order once a broker answers again on the same address. The broker here is the
 * test's own, so stopping it does not disturb other tests.
 */
@SpringBootTest(classes = MessagingTestApplication.class, properties = "ordersaga.messaging.relay.enabled=false")
@RealInfrastructure
@DirtiesContext
class OutboxRelayKafkaOutageIT {

	@Autowired
	TestOrders orders;

	@Autowired
	DataSource dataSource;

	@Autowired
	MessagingProperties properties;

	KafkaBrokerProcess broker;

	OutboxRelay relay;

	@AfterEach
	void stop() {
		if (relay != null) {
			relay.stop();
		}
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void eventsWrittenWhileKafkaIsDownArePublishedInOrderWhenItReturns() throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		drainEarlierTests(jdbc);
		broker = KafkaBrokerProcess.start(Path.of("target", "kafka-outage-" + UUID.randomUUID()));
		relay = relay(broker.adminConfig());
		relay.start();

		List<UUID> orderIds = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			orderIds.add(UUID.randomUUID());
		}
		Map<String, List<String>> written = new LinkedHashMap<>();
		writeRound(orderIds, written, true);
		await().atMost(Duration.ofSeconds(30)).until(() -> pending(jdbc) == 0);
		Set<String> beforeOutage = eventIds(new TopicReader(broker.adminConfig()).readAll(Topics.ORDERS.name()),
				written.keySet()).values().stream().flatMap(List::stream).collect(java.util.stream.Collectors.toSet());

		broker.stop();
		Map<String, List<String>> duringOutage = new LinkedHashMap<>();
		for (int round = 0; round < 20; round++) {
			writeRound(orderIds, duringOutage, false);
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> relay.lastError() != null);
		assertThat(pending(jdbc)).isEqualTo(200);

		broker.startAgain();
		await().atMost(Duration.ofMinutes(2)).until(() -> pending(jdbc) == 0);

		Map<String, List<String>> afterOutage = eventIds(
				new TopicReader(broker.adminConfig()).readAll(Topics.ORDERS.name()), written.keySet());
		assertThat(beforeOutage).hasSize(10);
		for (String orderId : written.keySet()) {
			List<String> expected = new ArrayList<>(written.get(orderId));
			expected.addAll(duringOutage.get(orderId));
			// At-least-once: a batch cut off by the outage may arrive twice; what counts is that every
			// event arrives and the first arrivals keep the aggregate's order.
			assertThat(afterOutage.get(orderId).stream().distinct().toList())
				.as("events of %s, before and during the outage", orderId)
				.containsExactlyElementsOf(expected);
		}
	}

	@Test
	void aRelayStoppedWhileItWaitsOnKafkaLeavesNoRowLeased() throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		drainEarlierTests(jdbc);
		broker = KafkaBrokerProcess.start(Path.of("target", "kafka-stop-" + UUID.randomUUID()));
		relay = relay(broker.adminConfig());
		relay.start();
		List<UUID> orderIds = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		Map<String, List<String>> written = new LinkedHashMap<>();
		writeRound(orderIds, written, true);
		await().atMost(Duration.ofSeconds(30)).until(() -> pending(jdbc) == 0);

		// With the broker frozen the producer's flush waits for its delivery timeout: the relay is in the
		// middle of a batch, its rows leased, when it is told to stop.
		broker.freeze();
		writeRound(orderIds, written, false);
		await().atMost(Duration.ofSeconds(30)).until(() -> leased(jdbc) > 0);
		relay.stop();
		broker.thaw();

		assertThat(leased(jdbc)).as("rows still leased to the stopped relay").isZero();
		assertThat(pending(jdbc)).isEqualTo(3);
	}

	private static long leased(JdbcTemplate jdbc) {
		Long count = jdbc.queryForObject(
				"SELECT count(*) FROM outbox_event WHERE published_at IS NULL AND lease_owner IS NOT NULL", Long.class);
		return count == null ? 0 : count;
	}

	private void writeRound(List<UUID> orderIds, Map<String, List<String>> written, boolean first) {
		for (UUID orderId : orderIds) {
			UUID eventId = first ? orders.place(orderId) : orders.touch(orderId);
			written.computeIfAbsent(orderId.toString(), key -> new ArrayList<>()).add(eventId.toString());
		}
	}

	private void drainEarlierTests(JdbcTemplate jdbc) {
		jdbc.update("UPDATE outbox_event SET published_at = clock_timestamp(), lease_owner = NULL, lease_until = NULL WHERE published_at IS NULL");
	}

	private OutboxRelay relay(Map<String, Object> brokerLogin) {
		Map<String, Object> config = new HashMap<>(brokerLogin);
		config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
				ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000, ProducerConfig.LINGER_MS_CONFIG, 5));
		return TestRelays.relay(dataSource, config,
				TestRelays.settings(100, Duration.ofSeconds(3), Duration.ofSeconds(1)));
	}



	private static long pending(JdbcTemplate jdbc) {
		return TestRelays.pending(jdbc);
	}

	private static Map<String, List<String>> eventIds(List<ConsumerRecord<String, byte[]>> records, Set<String> keys) {
		Map<String, List<String>> byKey = new LinkedHashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			if (keys.contains(record.key())) {
				byKey.computeIfAbsent(record.key(), key -> new ArrayList<>())
					.add(new String(record.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8));
			}
		}
		return byKey;
	}
}
