package dev.ordersaga.messaging.admin;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.EventJson;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestPaymentHandler;
import dev.ordersaga.messaging.testapp.TestPayments;
import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;
import dev.ordersaga.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replaying parked events after a fix, through the admin endpoints: once per parked event, in the
 * dead-letter topic's order, with a record of who replayed what and when.
 */
@SpringBootTest(classes = MessagingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@DirtiesContext
class DeadLetterReplayIT {

	static final String DEAD_LETTERS = Topics.deadLetterTopic("order-service");

	static final String REPLAY_ALL = "/admin/messaging/dead-letters/replay";

	@Autowired
	TestPayments payments;

	@Autowired
	TestPaymentHandler handler;

	@Autowired
	JdbcTemplate jdbc;

	@LocalManagementPort
	int managementPort;

	EventCodec codec = new EventCodec();

	Map<String, Object> kafkaAdmin = TestInfrastructure.get().kafkaAdminConfig();

	TopicReader kafka = new TopicReader(kafkaAdmin);

	KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
			kafkaAdmin, new StringSerializer(),
			new ByteArraySerializer());

	@AfterEach
	void cleanUp() {
		handler.fixIt();
		producer.close();
	}

	@Test
	void replayingAParkedEventTwiceAppliesItOnceAndAnswersWithTheFirstReplay() throws Exception {
		UUID orderId = UUID.randomUUID();
		long offset = parkAfterAHandlerBug(orderId);
		handler.fixIt();
		// A later event of its partition is applied: the parked one now lies below the partition's watermark.
		EventEnvelope later = paymentCompleted(UUID.randomUUID());
		send(0, UUID.randomUUID(), later);
		await().until(() -> handled(later.eventId()));

		HttpResponse<String> replayed = post("/admin/messaging/dead-letters/" + offset + "/replay", "alice");
		HttpResponse<String> replayedAgain = post("/admin/messaging/dead-letters/" + offset + "/replay", "bob");

		assertThat(replayed.statusCode()).isEqualTo(200);
		JsonNode first = json(replayed);
		assertThat(first.path("outcome").asString()).isEqualTo("APPLIED");
		assertThat(first.path("replay").path("replayedBy").asString()).isEqualTo("alice");
		assertThat(replayedAgain.statusCode()).isEqualTo(200);
		JsonNode second = json(replayedAgain);
		assertThat(second.path("outcome").asString()).isEqualTo("ALREADY_REPLAYED");
		assertThat(second.path("replay")).as("the first replay, not a new one").isEqualTo(first.path("replay"));
		assertThat(payments.effects(orderId)).isEqualTo(1);
	}

	@Test
	void theListingShowsWhoReplayedAParkedEventAndWhen() throws Exception {
		UUID orderId = UUID.randomUUID();
		long offset = parkAfterAHandlerBug(orderId);
		handler.fixIt();
		Instant before = Instant.now();
		assertThat(parkedEvent(offset).path("replay").path("replayedBy").isMissingNode()).isTrue();

		post("/admin/messaging/dead-letters/" + offset + "/replay", "alice");

		JsonNode replay = parkedEvent(offset).path("replay");
		assertThat(replay.path("replayedBy").asString()).isEqualTo("alice");
		assertThat(replay.path("outcome").asString()).isEqualTo("APPLIED");
		assertThat(Instant.parse(replay.path("replayedAt").asString())).isAfter(before.minusSeconds(5));
	}

	@Test
	void aReplayWithoutAnOperatorIsRecordedAsAnonymous() throws Exception {
		long offset = parkAfterAHandlerBug(UUID.randomUUID());
		handler.fixIt();

		HttpResponse<String> replayed = post("/admin/messaging/dead-letters/" + offset + "/replay", null);

		assertThat(json(replayed).path("replay").path("replayedBy").asString()).isEqualTo("anonymous");
	}

	@Test
	void aParkedEventThatStillFailsLeavesNoMarkAndCanBeReplayedAfterTheFix() throws Exception {
		UUID orderId = UUID.randomUUID();
		long offset = parkAfterAHandlerBug(orderId);

		HttpResponse<String> stillBroken = post("/admin/messaging/dead-letters/" + offset + "/replay", "alice");

		assertThat(stillBroken.statusCode()).isEqualTo(422);
		assertThat(stillBroken.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(stillBroken.body()).contains("handler bug");
		assertThat(parkedEvent(offset).path("replay").path("replayedBy").isMissingNode()).isTrue();

		handler.fixIt();
		HttpResponse<String> fixed = post("/admin/messaging/dead-letters/" + offset + "/replay", "alice");

		assertThat(json(fixed).path("outcome").asString()).isEqualTo("APPLIED");
		assertThat(payments.effects(orderId)).isEqualTo(1);
	}

	@Test
	void replayAllTwiceAppliesEachParkedEventOnceInDeadLetterOffsetOrder() throws Exception {
		handler.breakIt();
		List<UUID> orders = new ArrayList<>();
		for (int partition = 0; partition < 3; partition++) {
			for (int i = 0; i < 2; i++) {
				UUID orderId = UUID.randomUUID();
				orders.add(orderId);
				send(partition, orderId, paymentCompleted(orderId));
			}
		}
		await().until(() -> parked(orders).size() == orders.size());
		List<ConsumerRecord<String, byte[]>> parked = parked(orders);
		List<UUID> inDeadLetterOrder = parked.stream().map(DeadLetterReplayIT::eventId).toList();
		handler.fixIt();

		JsonNode firstJob = replayAll("alice");
		JsonNode secondJob = replayAll("bob");

		assertThat(firstJob.path("state").asString()).isEqualTo("COMPLETED");
		assertThat(firstJob.path("requestedBy").asString()).isEqualTo("alice");
		assertThat(firstJob.path("outcomes").path("APPLIED").asInt()).isGreaterThanOrEqualTo(orders.size());
		assertThat(secondJob.path("state").asString()).isEqualTo("COMPLETED");
		assertThat(secondJob.path("outcomes").path("APPLIED").asInt()).isZero();
		assertThat(secondJob.path("outcomes").path("ALREADY_REPLAYED").asInt()).isGreaterThanOrEqualTo(orders.size());
		assertThat(orders).allSatisfy(orderId -> assertThat(payments.effects(orderId)).isEqualTo(1));
		assertThat(jdbc.queryForList("SELECT event_id FROM handled_payment WHERE event_id = ANY (?) ORDER BY id",
				UUID.class, (Object) inDeadLetterOrder.toArray(UUID[]::new)))
			.as("applied in the dead-letter topic's order")
			.containsExactlyElementsOf(inDeadLetterOrder);
		for (ConsumerRecord<String, byte[]> record : parked) {
			JsonNode replay = parkedEvent(record.offset()).path("replay");
			assertThat(replay.path("replayedBy").asString()).isEqualTo("alice");
			assertThat(replay.path("jobId").asString()).isEqualTo(firstJob.path("id").asString());
		}
	}

	@Test
	void laterParkedEventsOfAnAggregateWaitBehindOneThatStillFails() throws Exception {
		UUID orderId = UUID.randomUUID();
		String invalid = new String(codec.write(paymentCompleted(orderId)), StandardCharsets.UTF_8)
			.replace("\"19.90\"", "\"12.3.4\"");
		send(0, orderId, invalid.getBytes(StandardCharsets.UTF_8));
		await().untilAsserted(() -> assertThat(parked(orderId)).hasSize(1));
		handler.breakIt();
		send(0, orderId, codec.write(paymentCompleted(orderId)));
		await().untilAsserted(() -> assertThat(parked(orderId)).hasSize(2));
		long invalidOffset = parked(orderId).get(0).offset();
		long laterOffset = parked(orderId).get(1).offset();
		handler.fixIt();

		JsonNode job = replayAll("alice");

		assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
		assertThat(failure(job, invalidOffset).path("outcome").asString()).isEqualTo("INVALID");
		assertThat(failure(job, laterOffset).path("outcome").asString()).isEqualTo("HELD_BACK");
		assertThat(failure(job, laterOffset).path("error").asString()).contains(String.valueOf(invalidOffset));
		assertThat(payments.effects(orderId)).isZero();
		assertThat(parkedEvent(laterOffset).path("replay").path("replayedBy").isMissingNode()).isTrue();
	}

	@Test
	void aSecondReplayAllWhileOneRunsIsRefusedNamingTheRunningJob() {
		UUID running = UUID.randomUUID();
		jdbc.update("INSERT INTO dead_letter_replay_job (id, dead_letter_topic, requested_by, state) "
				+ "VALUES (?, ?, 'carol', 'RUNNING')", running, DEAD_LETTERS);
		try {
			HttpResponse<String> refused = post(REPLAY_ALL, "alice");

			assertThat(refused.statusCode()).isEqualTo(409);
			assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
					type -> assertThat(type).startsWith("application/problem+json"));
			assertThat(json(refused).path("runningJob").asString()).isEqualTo(running.toString());
			assertThat(refused.body()).contains("carol");
		}
		finally {
			jdbc.update("UPDATE dead_letter_replay_job SET state = 'COMPLETED' WHERE id = ?", running);
		}
	}

	@Test
	void aJobWhoseInstanceStoppedIsAbandonedByTheNextStart() {
		UUID stale = UUID.randomUUID();
		jdbc.update("INSERT INTO dead_letter_replay_job (id, dead_letter_topic, requested_by, state, heartbeat_at) "
				+ "VALUES (?, ?, 'carol', 'RUNNING', now() - interval '2 minutes')", stale, DEAD_LETTERS);

		JsonNode job = replayAll("alice");

		assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
		assertThat(jdbc.queryForObject("SELECT state FROM dead_letter_replay_job WHERE id = ?", String.class, stale))
			.isEqualTo("ABANDONED");
	}

	@Test
	void anUnknownReplayJobIsAProblem() {
		HttpResponse<String> unknown = get("/admin/messaging/dead-letters/replays/" + UUID.randomUUID());
		HttpResponse<String> notAnId = get("/admin/messaging/dead-letters/replays/not-an-id");

		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(notAnId.statusCode()).isEqualTo(404);
	}

	/** Starts a replay-all job, waits for it to end, and returns it as it ended. */
	private JsonNode replayAll(String operator) {
		HttpResponse<String> accepted = post(REPLAY_ALL, operator);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String location = accepted.headers().firstValue("Location").orElseThrow();
		assertThat(json(accepted).path("id").asString()).isNotBlank();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !json(get(location)).path("state").asString().equals("RUNNING"));
		return json(get(location));
	}

	private long parkAfterAHandlerBug(UUID orderId) throws Exception {
		handler.breakIt();
		send(0, orderId, codec.write(paymentCompleted(orderId)));
		await().untilAsserted(() -> assertThat(parked(orderId)).hasSize(1));
		return parked(orderId).get(0).offset();
	}

	private JsonNode parkedEvent(long offset) {
		for (JsonNode event : json(get("/admin/messaging/dead-letters?size=500")).path("events")) {
			if (event.path("offset").asLong() == offset) {
				return event;
			}
		}
		throw new AssertionError("No parked event at offset " + offset + " in the listing");
	}

	private static JsonNode failure(JsonNode job, long offset) {
		for (JsonNode failure : job.path("failures")) {
			if (failure.path("offset").asLong() == offset) {
				return failure;
			}
		}
		throw new AssertionError("No failure at offset " + offset + " in " + job);
	}

	private EventEnvelope paymentCompleted(UUID orderId) {
		return codec.envelope(EventCatalog.PAYMENT_COMPLETED_V1, TestPayments.paymentCompleted(orderId),
				UUID.randomUUID(), Instant.now(), "payment-service", UUID.randomUUID().toString(), null, null);
	}

	private void send(int partition, UUID orderId, EventEnvelope event) throws Exception {
		send(partition, orderId, codec.write(event));
	}

	private void send(int partition, UUID orderId, byte[] value) throws Exception {
		producer.send(new ProducerRecord<>(Topics.PAYMENTS.name(), partition, orderId.toString(), value)).get();
	}

	private List<ConsumerRecord<String, byte[]>> parked(UUID orderId) {
		return parked(List.of(orderId));
	}

	/** The parked records of these orders, in the dead-letter topic's order. */
	private List<ConsumerRecord<String, byte[]>> parked(List<UUID> orderIds) {
		List<String> keys = orderIds.stream().map(UUID::toString).toList();
		return kafka.readAll(DEAD_LETTERS).stream().filter(record -> keys.contains(record.key())).toList();
	}

	private boolean handled(UUID eventId) {
		Integer count = jdbc.queryForObject("SELECT count(*) FROM handled_payment WHERE event_id = ?", Integer.class,
				eventId);
		return count != null && count > 0;
	}

	private static UUID eventId(ConsumerRecord<String, byte[]> record) {
		return UUID.fromString(EventJson.mapper().readTree(record.value()).path("eventId").asString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return EventJson.mapper().readTree(response.body());
	}

	private HttpResponse<String> post(String path, String operator) {
		return ServiceClient.onPort(managementPort).post(path, "", operator == null ? Map.of() : Map.of("X-Operator", operator));
	}

	private HttpResponse<String> get(String path) {
		return ServiceClient.onPort(managementPort).get(path);
	}
}
