package dev.ordersaga.messaging.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestPayments;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;
import dev.ordersaga.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dedupe that outlives the inbox (ADR 6): the inbox rows are purged after a week, Kafka forgets an
 * idle group's offsets after a week, the saga topics keep every event. A group that comes back
 * after that reads its topics from the beginning, and must not apply anything twice.
 */
@SpringBootTest(classes = MessagingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@RealInfrastructure
@DirtiesContext
class LostOffsetsIT {

	@Autowired
	TestPayments payments;

	@Autowired
	InboxConsumer consumer;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	EventCodec codec = new EventCodec();

	Map<String, Object> kafkaAdmin = TestInfrastructure.get().kafkaAdminConfig();

	TopicReader kafka = new TopicReader(kafkaAdmin);

	KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
			kafkaAdmin, new StringSerializer(),
			new ByteArraySerializer());

	@AfterEach
	void closeProducer() {
		producer.close();
	}

	@Test
	void eventsReadAgainAfterTheInboxPurgeAndTheGroupsDeletionAreNotHandledAgain() throws Exception {
		List<UUID> orders = new ArrayList<>();
		List<UUID> events = new ArrayList<>();
		for (int partition = 0; partition < partitions(); partition++) {
			for (int i = 0; i < 2; i++) {
				UUID orderId = UUID.randomUUID();
				orders.add(orderId);
				events.add(send(partition, orderId));
			}
		}
		await().until(() -> events.stream().allMatch(this::handled));

		consumer.stop();
		purgeTheWholeInbox();
		deleteTheConsumerGroup();
		double duplicatesBefore = duplicates();
		consumer.start();
		List<UUID> markers = new ArrayList<>();
		for (int partition = 0; partition < partitions(); partition++) {
			markers.add(send(partition, UUID.randomUUID()));
		}

		// A marker is handled once everything before it in its partition was read again.
		await().until(() -> markers.stream().allMatch(this::handled));
		assertThat(orders).allSatisfy(orderId -> assertThat(payments.effects(orderId)).as("effects of %s", orderId)
			.isEqualTo(1));
		assertThat(duplicates()).as("the re-read records were seen and skipped")
			.isGreaterThanOrEqualTo(duplicatesBefore + events.size());
	}

	@Test
	void recordsParkedBeforeAreNotParkedAgainWhenReadAgain() throws Exception {
		UUID orderId = UUID.randomUUID();
		producer.send(new ProducerRecord<>(Topics.PAYMENTS.name(), 0, orderId.toString(),
				"{not json".getBytes(StandardCharsets.UTF_8))).get();
		UUID later = send(0, UUID.randomUUID());
		await().until(() -> handled(later));
		await().until(() -> parked(orderId) == 1);

		consumer.stop();
		deleteTheConsumerGroup();
		consumer.start();
		UUID marker = send(0, UUID.randomUUID());

		await().until(() -> handled(marker));
		assertThat(parked(orderId)).isEqualTo(1);
	}

	@Test
	void recordParkedLastInItsPartitionIsNotParkedAgainWhenReadAgain() throws Exception {
		UUID orderId = UUID.randomUUID();
		// Nothing applied follows it in its partition: only the parking itself can cover it.
		producer.send(new ProducerRecord<>(Topics.PAYMENTS.name(), 1, orderId.toString(),
				"{not json either".getBytes(StandardCharsets.UTF_8))).get();
		await().until(() -> parked(orderId) == 1);

		consumer.stop();
		deleteTheConsumerGroup();
		consumer.start();
		UUID marker = send(1, UUID.randomUUID());

		await().until(() -> handled(marker));
		assertThat(parked(orderId)).isEqualTo(1);
	}

	/** As the retention purge does to rows older than a week. */
	private void purgeTheWholeInbox() {
		jdbc.update("DELETE FROM inbox_event WHERE consumer = ?", consumer.groupId());
	}

	/** As an operator does, or as Kafka does to an empty group's offsets after offsets.retention.minutes. */
	private void deleteTheConsumerGroup() {
		try (Admin admin = Admin.create(kafkaAdmin)) {
			// The members leave as the consumer stops; until the broker has seen them go, the group is not empty.
			await().ignoreExceptions()
				.untilAsserted(() -> admin.deleteConsumerGroups(List.of(consumer.groupId())).all().get());
			await().untilAsserted(() -> assertThat(admin.listConsumerGroupOffsets(consumer.groupId())
				.partitionsToOffsetAndMetadata()
				.get()).isEmpty());
		}
	}

	private int partitions() {
		return producer.partitionsFor(Topics.PAYMENTS.name()).size();
	}

	private UUID send(int partition, UUID orderId) throws Exception {
		EventEnvelope event = codec.envelope(EventCatalog.PAYMENT_COMPLETED_V1, TestPayments.paymentCompleted(orderId),
				UUID.randomUUID(), Instant.now(), "payment-service", UUID.randomUUID().toString(), null, null);
		producer.send(new ProducerRecord<>(Topics.PAYMENTS.name(), partition, orderId.toString(), codec.write(event)))
			.get();
		return event.eventId();
	}

	private boolean handled(UUID eventId) {
		Integer count = jdbc.queryForObject("SELECT count(*) FROM handled_payment WHERE event_id = ?", Integer.class,
				eventId);
		return count != null && count > 0;
	}

	private long parked(UUID orderId) {
		return kafka.readAll(Topics.deadLetterTopic("order-service"))
			.stream()
			.filter(record -> orderId.toString().equals(record.key()))
			.count();
	}

	private double duplicates() {
		return meters.find("inbox.duplicates").counters().stream().mapToDouble(counter -> counter.count()).sum();
	}
}
