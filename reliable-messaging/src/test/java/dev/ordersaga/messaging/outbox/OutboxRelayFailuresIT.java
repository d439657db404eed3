package dev.ordersaga.messaging.outbox;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.Topics;
import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.messaging.MessagingProperties;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestOrders;
import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;
import dev.ordersaga.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the relay does when Kafka refuses a row or does not answer: it never lets a later event of
 * an aggregate overtake an earlier one, parks a row Kafka keeps refusing while every other aggregate
 * flows, and never waits on Kafka inside a database transaction.
 */
@SpringBootTest(classes = MessagingTestApplication.class, properties = "ordersaga.messaging.relay.enabled=false",
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@DirtiesContext
class OutboxRelayFailuresIT {

	/** Over the broker's default message.max.bytes (1 MiB) and the producer's default max.request.size. */
	static final int OVERSIZED_BYTES = 2 * 1024 * 1024;

	@Autowired
	TestOrders orders;

	@Autowired
	Outbox outbox;

	@LocalManagementPort
	int managementPort;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	KafkaTemplate<String, byte[]> messagingKafkaTemplate;

	@Autowired
	MessagingProperties properties;

	JdbcTemplate jdbc;

	JsonMapper json = JsonMapper.builder().build();

	TopicReader kafka = new TopicReader(TestInfrastructure.get().kafkaAdminConfig());

	List<OutboxRelay> relays = new ArrayList<>();

	@BeforeEach
	void leaveEarlierTestsBehind() {
		jdbc = new JdbcTemplate(dataSource);
		jdbc.update("UPDATE outbox_event SET published_at = clock_timestamp(), lease_owner = NULL, lease_until = NULL WHERE published_at IS NULL");
	}

	@AfterEach
	void stopRelays() {
		relays.forEach(OutboxRelay::stop);
	}

	@Test
	void laterEventsOfAnAggregateNeverReachKafkaBeforeAnEarlierOneTheBrokerRefuses() {
		UUID orderId = UUID.randomUUID();
		UUID tooLarge = appendOversized(orderId);
		UUID second = orders.touch(orderId);
		UUID third = orders.touch(orderId);
		// The producer takes records this large, the broker does not: the refusal comes back
		// asynchronously, after the later events could have been sent and acknowledged.
		Map<String, Object> producer = new HashMap<>(producerConfig());
		producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * OVERSIZED_BYTES);
		OutboxRelay relay = relay(producer, settings(2));

		await().atMost(Duration.ofSeconds(30)).until(() -> {
			relay.relayBatch();
			return isParked(tooLarge);
		});

		assertThat(lastError(tooLarge)).contains("RecordTooLargeException");
		assertThat(eventIdsOnKafka(Set.of(orderId.toString()))).as("events of the aggregate on Kafka").isEmpty();
		assertThat(isPublished(second)).isFalse();
		assertThat(isPublished(third)).isFalse();
	}

	@Test
	void rowKafkaKeepsRefusingIsParkedWhileOtherAggregatesFlowAndAfterADiscardItsLaterEventsFollowInOrder() {
		UUID blockedOrder = UUID.randomUUID();
		UUID tooLarge = appendOversized(blockedOrder);
		UUID second = orders.touch(blockedOrder);
		UUID third = orders.touch(blockedOrder);
		List<UUID> others = new ArrayList<>();
		for (int i = 0; i < 1_000; i++) {
			others.add(UUID.randomUUID());
		}
		new TransactionTemplate(transactionManager)
			.executeWithoutResult(status -> others.forEach(orderId -> outbox.append(TestOrders.orderPlaced(orderId))));

		OutboxRelay relay = relay(producerConfig(), settings(3));
		relay.start();
		await().atMost(Duration.ofSeconds(60)).until(() -> isParked(tooLarge) && pendingOf(others) == 0);

		Set<String> otherKeys = new java.util.HashSet<>();
		others.forEach(orderId -> otherKeys.add(orderId.toString()));
		assertThat(eventIdsOnKafka(otherKeys)).hasSize(1_000);
		assertThat(eventIdsOnKafka(Set.of(blockedOrder.toString()))).isEmpty();
		ServiceClient admin = ServiceClient.onPort(managementPort);
		HttpResponse<String> listing = admin.get("/admin/messaging/outbox/parked");
		assertThat(listing.statusCode()).isEqualTo(200);
		JsonNode row = null;
		for (JsonNode event : json.readTree(listing.body()).get("events")) {
			if (event.get("eventId").asText().equals(tooLarge.toString())) {
				row = event;
			}
		}
		assertThat(row).as("the parked row in %s", listing.body()).isNotNull();
		assertThat(row.get("refusals").asInt()).isEqualTo(3);
		assertThat(row.get("waitingBehind").asLong()).isEqualTo(2);
		assertThat(row.get("sizeBytes").asLong()).isGreaterThan(OVERSIZED_BYTES);
		assertThat(row.get("lastError").asText()).contains("RecordTooLargeException");
		assertThat(json.readTree(admin.get("/admin/messaging/status").body()).at("/outbox/parked").asLong())
			.isGreaterThanOrEqualTo(1);

		long position = row.get("position").asLong();
		HttpResponse<String> discarded = admin.post("/admin/messaging/outbox/parked/" + position + "/discard", "");
		assertThat(discarded.statusCode()).isEqualTo(200);
		assertThat(discarded.body()).contains("DISCARDED");
		HttpResponse<String> again = admin.post("/admin/messaging/outbox/parked/" + position + "/discard", "");
		assertThat(again.statusCode()).as("discarding twice").isEqualTo(404);
		assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		await().atMost(Duration.ofSeconds(30)).until(() -> isPublished(second) && isPublished(third));
		assertThat(eventIdsOnKafka(Set.of(blockedOrder.toString())).get(blockedOrder.toString()))
			.containsExactly(second.toString(), third.toString());
		assertThat(isPublished(tooLarge)).as("a discarded row leaves the outbox").isTrue();
	}

	@Test
	void aRunningRelayTriesARefusedRowAgainAfterItsDelayNotAfterTheFallbackPoll() {
		UUID tooLarge = appendOversized(UUID.randomUUID());
		MessagingProperties.Relay parkAfterThree = settings(3);
		// No commit notification comes and the fallback poll is an hour away: only the refused row's own
		// retry delay (100 ms, then 200 ms) brings the relay back to it, three times until it parks it.
		OutboxRelay relay = relay(producerConfig(), new MessagingProperties.Relay(true, parkAfterThree.batchSize(),
				Duration.ofHours(1), parkAfterThree.sendTimeout(), Duration.ofMillis(100), Duration.ofSeconds(1),
				parkAfterThree.orderingBuckets(), parkAfterThree.lease(), 3));

		relay.start();

		await().atMost(Duration.ofSeconds(20)).until(() -> isParked(tooLarge));
		assertThat(lastError(tooLarge)).contains("RecordTooLargeException");
	}

	@Test
	void relayHoldsNoTransactionAndNoLockWhileItWaitsOnKafka() throws Exception {
		UUID orderId = UUID.randomUUID();
		UUID eventId = orders.place(orderId);
		Map<String, Object> unreachable = new HashMap<>(producerConfig());
		unreachable.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort());
		unreachable.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
		OutboxRelay relay = relay(unreachable, new MessagingProperties.Relay(true, 500, Duration.ofMillis(200),
				Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1), 256, Duration.ofSeconds(10), 5));

		CompletableFuture<OutboxRelay.BatchResult> batch = CompletableFuture.supplyAsync(relay::relayBatch);
		await().atMost(Duration.ofSeconds(10)).until(() -> leaseOwner(eventId) != null);

		// The relay is now waiting for Kafka's metadata (up to max.block.ms), with its claim committed. For
		// 1.5 s of that wait no connection of this role sits in an open transaction for over a second:
		// a relay holding its claim's transaction would. (The context's own consumers and pollers use
		// the same role; their transactions are brief, so they are told apart by that second.)
		await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
			assertThat(batch).as("relay still waiting on Kafka").isNotDone();
			assertThat(jdbc.queryForObject("""
					SELECT count(*) FROM pg_stat_activity
					WHERE usename = current_user AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'
					AND state_change < now() - interval '1 second'
					""", Integer.class)).as("connections idle in a transaction for over a second").isZero();
			assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted",
					Integer.class)).as("advisory locks held").isZero();
		});

		OutboxRelay.BatchResult result = batch.get(30, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(result.kafkaUnavailable()).isTrue();
		assertThat(isPublished(eventId)).isFalse();
		assertThat(leaseOwner(eventId)).as("lease released for the next claim").isNull();
	}

	private UUID appendOversized(UUID orderId) {
		List<OrderLine> lines = new ArrayList<>();
		int lineBytes = 40; // fewer than each line takes in JSON
		for (int i = 0; i < OVERSIZED_BYTES / lineBytes + 1; i++) {
			lines.add(new OrderLine("SKU-" + i, 1, new BigDecimal("1.00")));
		}
		OrderPlaced event = new OrderPlaced(orderId, UUID.randomUUID(), lines,
				new BigDecimal(lines.size()).setScale(2), "EUR", "customer@example.com");
		return new TransactionTemplate(transactionManager).execute(status -> outbox.append(event).eventId());
	}

	private MessagingProperties.Relay settings(int parkAfter) {
		return TestRelays.settings(properties.relay(), properties.relay().lease(), parkAfter);
	}

	private Map<String, Object> producerConfig() {
		return messagingKafkaTemplate.getProducerFactory().getConfigurationProperties();
	}

	private OutboxRelay relay(Map<String, Object> producerConfig, MessagingProperties.Relay settings) {
		OutboxRelay relay = TestRelays.relay(dataSource, producerConfig, settings);
		relays.add(relay);
		return relay;
	}

	private long pendingOf(List<UUID> orderIds) {
		Long pending = jdbc.queryForObject(
				"SELECT count(*) FROM outbox_event WHERE published_at IS NULL AND aggregate_id = ANY(?)", Long.class,
				(Object) orderIds.stream().map(UUID::toString).toArray(String[]::new));
		return pending == null ? 0 : pending;
	}

	private boolean isPublished(UUID eventId) {
		return Boolean.TRUE.equals(jdbc.queryForObject(
				"SELECT published_at IS NOT NULL FROM outbox_event WHERE event_id = ?", Boolean.class, eventId));
	}

	private boolean isParked(UUID eventId) {
		return Boolean.TRUE.equals(jdbc.queryForObject(
				"SELECT parked_at IS NOT NULL FROM outbox_event WHERE event_id = ?", Boolean.class, eventId));
	}

	private String lastError(UUID eventId) {
		return jdbc.queryForObject("SELECT last_error FROM outbox_event WHERE event_id = ?", String.class, eventId);
	}

	private String leaseOwner(UUID eventId) {
		return jdbc.queryForObject("SELECT lease_owner FROM outbox_event WHERE event_id = ?", String.class, eventId);
	}

	private Map<String, List<String>> eventIdsOnKafka(Set<String> keys) {
		Map<String, List<String>> byKey = new LinkedHashMap<>();
		for (ConsumerRecord<String, byte[]> record : kafka.readAll(Topics.ORDERS.name())) {
			if (keys.contains(record.key())) {
				byKey.computeIfAbsent(record.key(), key -> new ArrayList<>())
					.add(new String(record.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8));
			}
		}
		return byKey;
	}

	private static int closedPort() throws java.io.IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
