package dev.ordersaga.messaging.inbox;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.testsupport.TopicReader;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestPaymentHandler;
import dev.ordersaga.messaging.testapp.TestPayments;
import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consuming through the inbox against a real broker and database: events are produced with a plain
 * Kafka producer, as another service (or an attacker, or a bug) would.
 */
@SpringBootTest(classes = MessagingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "ordersaga.messaging.consumer.verify-origin=true")
@RealInfrastructure
@DirtiesContext
class InboxIT {

	static final String DEAD_LETTERS = Topics.deadLetterTopic("order-service");

	@Autowired
	TestPayments payments;

	@Autowired
	TestPaymentHandler handler;

	@Autowired
	InboxConsumer consumer;

	@Autowired
	InboxProcessor processor;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

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
	void sameEventDeliveredTwiceHasOneEffect() throws Exception {
		UUID orderId = UUID.randomUUID();
		EventEnvelope event = paymentCompleted(orderId);
		double duplicatesBefore = duplicates();

		send(orderId, codec.write(event));
		send(orderId, codec.write(event));
		UUID marker = sendPaymentCompleted(UUID.randomUUID());

		await().until(() -> handled(marker));
		await().until(() -> duplicates() > duplicatesBefore);
		assertThat(payments.effects(orderId)).isEqualTo(1);
	}

	@Test
	void eventsRedeliveredAfterARebalanceHaveNoSecondEffect() throws Exception {
		UUID orderId = UUID.randomUUID();
		UUID first = sendPaymentCompleted(orderId);
		await().until(() -> handled(first));

		// The group "forgets" its progress, as after a crash before the offset commit: every event
		// of the topic is delivered again when the consumer rejoins.
		consumer.stop();
		rewindGroupToTheBeginning();
		double duplicatesBefore = duplicates();
		consumer.start();
		UUID marker = sendPaymentCompleted(UUID.randomUUID());

		await().until(() -> handled(marker));
		assertThat(duplicates()).isGreaterThan(duplicatesBefore);
		assertThat(payments.effects(orderId)).isEqualTo(1);
	}

	@Test
	void consumersRacingOnOneEventApplyItOnce() throws Exception {
		UUID orderId = UUID.randomUUID();
		byte[] value = codec.write(paymentCompleted(orderId));
		// Coordinates of its own (its topic, a partition the topic does not have), so no partition's
		// watermark the consumer keeps makes it a duplicate.
		int partition = 1_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000);
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.PAYMENTS.name(), partition, 0, 0L,
				TimestampType.CREATE_TIME, 0, 0, orderId.toString(), value, new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Callable<InboxProcessor.Outcome>> racers = List.of(() -> processor.process(record),
					() -> processor.process(record), () -> processor.process(record), () -> processor.process(record));
			List<InboxProcessor.Outcome> outcomes = threads.invokeAll(racers).stream().map(future -> {
				try {
					return future.get();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}).toList();
			assertThat(outcomes).containsOnlyOnce(InboxProcessor.Outcome.APPLIED)
				.filteredOn(outcome -> outcome == InboxProcessor.Outcome.DUPLICATE)
				.hasSize(3);
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(payments.effects(orderId)).isEqualTo(1);
	}

	@Test
	void malformedAndSchemaInvalidRecordsAreParkedAndLaterEventsStillProcessed() throws Exception {
		UUID orderId = UUID.randomUUID();
		String key = orderId.toString();
		long malformedOffset = send(orderId, "{not json".getBytes(StandardCharsets.UTF_8));
		String invalid = new String(codec.write(paymentCompleted(orderId)), StandardCharsets.UTF_8)
			.replace("\"19.90\"", "\"12.3.4\"");
		long invalidOffset = send(orderId, invalid.getBytes(StandardCharsets.UTF_8));
		UUID valid = sendPaymentCompleted(orderId);

		await().until(() -> handled(valid));
		await().untilAsserted(() -> assertThat(parked(key)).hasSize(2));
		List<ConsumerRecord<String, byte[]>> parked = parked(key);
		assertThat(parked).extracting(record -> longHeader(record, KafkaHeaders.DLT_ORIGINAL_OFFSET))
			.containsExactly(malformedOffset, invalidOffset);
		for (ConsumerRecord<String, byte[]> record : parked) {
			assertThat(header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topics.PAYMENTS.name());
			assertThat(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION)).isNotNull();
			assertThat(header(record, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).isNotBlank();
		}
		assertThat(header(parked.get(0), KafkaHeaders.DLT_EXCEPTION_FQCN)).contains("MalformedEventException");
		assertThat(header(parked.get(1), KafkaHeaders.DLT_EXCEPTION_FQCN)).contains("SchemaViolationException");
		assertThat(header(parked.get(1), KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("amount");
		assertThat(payments.effects(orderId)).isEqualTo(1);
	}

	@Test
	void aBacklogIsAppliedManyRecordsPerTransactionAndAFailingRecordInItIsParkedAlone() throws Exception {
		List<UUID> orders = java.util.stream.Stream.generate(UUID::randomUUID).limit(40).toList();
		UUID failing = orders.get(13);
		UUID malformed = orders.get(27);
		handler.breakFor(failing);
		consumer.stop();
		for (UUID orderId : orders) {
			if (orderId.equals(malformed)) {
				send(orderId, "{not json".getBytes(StandardCharsets.UTF_8));
			}
			sendPaymentCompleted(orderId);
		}
		long sharedTransactionsBefore = sharedTransactions().count();

		consumer.start();

		await().untilAsserted(() -> assertThat(orders).filteredOn(orderId -> !orderId.equals(failing))
			.allSatisfy(orderId -> assertThat(payments.effects(orderId)).isEqualTo(1)));
		await().untilAsserted(() -> assertThat(parked(failing.toString())).hasSize(1));
		await().untilAsserted(() -> assertThat(parked(malformed.toString())).hasSize(1));
		assertThat(header(parked(failing.toString()).get(0), KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("handler bug");
		assertThat(header(parked(malformed.toString()).get(0), KafkaHeaders.DLT_EXCEPTION_FQCN))
			.contains("MalformedEventException");
		assertThat(payments.effects(failing)).isZero();
		// The batch that held the failing record was rolled back and applied again record by record:
		// each order's handler appended its OrderConfirmed once, the failing one's none.
		for (UUID orderId : orders) {
			assertThat(confirmationsInTheOutbox(orderId)).as("OrderConfirmed rows of %s", orderId)
				.isEqualTo(orderId.equals(failing) ? 0 : 1);
		}
		// Only a transaction of two records or more is counted here.
		assertThat(sharedTransactions().count()).as("transactions that applied several records")
			.isGreaterThan(sharedTransactionsBefore);
	}

	@Test
	void anEventFromAnotherProducerThanItsTopicsOwnerIsParkedWithTheReason() throws Exception {
		UUID orderId = UUID.randomUUID();
		String forged = new String(codec.write(paymentCompleted(orderId)), StandardCharsets.UTF_8)
			.replace("\"producer\":\"payment-service\"", "\"producer\":\"inventory-service\"");
		assertThat(forged).contains("\"producer\":\"inventory-service\"");
		long forgedOffset = send(orderId, forged.getBytes(StandardCharsets.UTF_8));
		UUID genuine = sendPaymentCompleted(orderId);

		await().until(() -> handled(genuine));
		await().untilAsserted(() -> assertThat(parked(orderId.toString())).hasSize(1));
		ConsumerRecord<String, byte[]> parked = parked(orderId.toString()).get(0);
		assertThat(longHeader(parked, KafkaHeaders.DLT_ORIGINAL_OFFSET)).isEqualTo(forgedOffset);
		assertThat(header(parked, KafkaHeaders.DLT_EXCEPTION_FQCN)).contains("EventOriginException");
		assertThat(header(parked, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
			.contains("names the producer \"inventory-service\"", "only payment-service publishes on payments.v1");
		assertThat(payments.effects(orderId)).as("only the genuine event was applied").isEqualTo(1);
	}

	@Test
	void unknownEventTypeIsIgnoredAndCounted() throws Exception {
		UUID orderId = UUID.randomUUID();
		String unknown = new String(codec.write(paymentCompleted(orderId)), StandardCharsets.UTF_8)
			.replace("\"PaymentCompleted\"", "\"PaymentAuthorized\"");
		double ignoredBefore = ignored(InboxProcessor.UNKNOWN_TYPE);
		send(orderId, unknown.getBytes(StandardCharsets.UTF_8));
		UUID marker = sendPaymentCompleted(orderId);

		await().until(() -> handled(marker));
		assertThat(ignored(InboxProcessor.UNKNOWN_TYPE)).as("a type outside the catalogue is no tag of its own")
			.isEqualTo(ignoredBefore + 1);
		assertThat(parked(orderId.toString())).isEmpty();
	}

	@Test
	void parkedEventReplayedAfterTheFixIsAppliedOnce() throws Exception {
		UUID orderId = UUID.randomUUID();
		handler.breakIt();
		sendPaymentCompleted(orderId);
		await().untilAsserted(() -> assertThat(parked(orderId.toString())).hasSize(1));
		long offset = parked(orderId.toString()).get(0).offset();
		assertThat(header(parked(orderId.toString()).get(0), KafkaHeaders.DLT_EXCEPTION_MESSAGE))
			.contains("handler bug");
		assertThat(payments.effects(orderId)).isZero();

		handler.fixIt();
		HttpResponse<String> replayed = post("/admin/messaging/dead-letters/" + offset + "/replay");
		HttpResponse<String> replayedAgain = post("/admin/messaging/dead-letters/" + offset + "/replay");

		assertThat(replayed.statusCode()).isEqualTo(200);
		assertThat(replayed.body()).contains("\"outcome\":\"APPLIED\"");
		assertThat(replayedAgain.body()).contains("\"outcome\":\"ALREADY_REPLAYED\"");
		assertThat(payments.effects(orderId)).isEqualTo(1);
		HttpResponse<String> listed = get("/admin/messaging/dead-letters?size=500");
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(listed.body()).contains("\"offset\":" + offset, "handler bug");
	}

	@Test
	void replayAllRunsEveryParkedEventThroughTheInboxAgain() throws Exception {
		UUID orderId = UUID.randomUUID();
		handler.breakIt();
		sendPaymentCompleted(orderId);
		await().untilAsserted(() -> assertThat(parked(orderId.toString())).hasSize(1));
		handler.fixIt();

		HttpResponse<String> accepted = post("/admin/messaging/dead-letters/replay");

		assertThat(accepted.statusCode()).isEqualTo(202);
		String job = accepted.headers().firstValue("Location").orElseThrow();
		await().untilAsserted(() -> assertThat(get(job).body()).contains("\"state\":\"COMPLETED\""));
		assertThat(get(job).body()).contains("\"APPLIED\":");
		assertThat(payments.effects(orderId)).isEqualTo(1);
	}

	@Test
	void adminEndpointsValidateTheirInput() throws Exception {
		assertThat(get("/admin/messaging/dead-letters?size=0").statusCode()).isEqualTo(400);
		HttpResponse<String> missing = post("/admin/messaging/dead-letters/999999999/replay");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		HttpResponse<String> status = get("/admin/messaging/status");
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.body()).contains("\"pending\"", "\"oldestPendingAgeSeconds\"", "order-service.dlt");
	}

	@Test
	void messagingMetricsAreScrapedWithTheApplicationTag() throws Exception {
		UUID handledEvent = sendPaymentCompleted(UUID.randomUUID());
		await().until(() -> handled(handledEvent));
		await().untilAsserted(() -> assertThat(get("/actuator/prometheus").body()).contains(
				"outbox_pending{application=\"order-service\"",
				"outbox_oldest_pending_age_seconds{application=\"order-service\"",
				"outbox_relayed_total{application=\"order-service\"",
				"inbox_consumed_total{application=\"order-service\",event_type=\"PaymentCompleted\",outcome=\"applied\"",
				"inbox_handler_seconds_count{application=\"order-service\"",
				// One observation per record, as a record listener's would be: the consumer span's timer.
				"spring_kafka_listener_seconds_count{application=\"order-service\",error=\"none\""));
	}

	private EventEnvelope paymentCompleted(UUID orderId) {
		return codec.envelope(EventCatalog.PAYMENT_COMPLETED_V1, TestPayments.paymentCompleted(orderId),
				UUID.randomUUID(), Instant.now(), "payment-service", UUID.randomUUID().toString(), null, null);
	}

	private UUID sendPaymentCompleted(UUID orderId) throws Exception {
		EventEnvelope event = paymentCompleted(orderId);
		send(orderId, codec.write(event));
		return event.eventId();
	}

	private long send(UUID key, byte[] value) throws Exception {
		return producer.send(new ProducerRecord<>(Topics.PAYMENTS.name(), key.toString(), value)).get().offset();
	}

	private boolean handled(UUID eventId) {
		Integer count = jdbc.queryForObject("SELECT count(*) FROM handled_payment WHERE event_id = ?", Integer.class,
				eventId);
		return count != null && count > 0;
	}

	private io.micrometer.core.instrument.DistributionSummary sharedTransactions() {
		return meters.summary(InboxProcessor.TRANSACTION_RECORDS);
	}

	private int confirmationsInTheOutbox(UUID orderId) {
		Integer count = jdbc.queryForObject(
				"SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = 'OrderConfirmed'",
				Integer.class, orderId.toString());
		return count == null ? 0 : count;
	}

	private double duplicates() {
		return meters.find("inbox.duplicates").counters().stream().mapToDouble(c -> c.count()).sum();
	}

	private double ignored(String eventType) {
		var counter = meters.find("inbox.ignored").tag("event.type", eventType).counter();
		return counter == null ? 0 : counter.count();
	}

	private List<ConsumerRecord<String, byte[]>> parked(String key) {
		return kafka.readAll(DEAD_LETTERS).stream().filter(record -> key.equals(record.key())).toList();
	}

	private void rewindGroupToTheBeginning() throws Exception {
		try (Admin admin = Admin.create(kafkaAdmin)) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin
				.listConsumerGroupOffsets(consumer.groupId())
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetAndMetadata> beginning = committed.keySet()
				.stream()
				.collect(Collectors.toMap(partition -> partition, partition -> new OffsetAndMetadata(0)));
			await().untilAsserted(() -> admin.alterConsumerGroupOffsets(consumer.groupId(), beginning).all().get());
		}
	}

	private HttpResponse<String> post(String path) {
		return ServiceClient.onPort(managementPort).post(path, "");
	}

	private HttpResponse<String> get(String path) {
		return ServiceClient.onPort(managementPort).get(path);
	}

	static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	static long longHeader(ConsumerRecord<String, byte[]> record, String name) {
		return java.nio.ByteBuffer.wrap(record.headers().lastHeader(name).value()).getLong();
	}
}
