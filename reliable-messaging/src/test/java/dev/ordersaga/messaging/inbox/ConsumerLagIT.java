package dev.ordersaga.messaging.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestPaymentHandler;
import dev.ordersaga.messaging.testapp.TestPayments;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbox consumer's lag on a real broker: records the inbox has not finished with count, in the
 * gauge, the Prometheus scrape and the admin status, and nothing is left once they are applied.
 */
@SpringBootTest(classes = MessagingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@DirtiesContext
class ConsumerLagIT {

	static final String TOPIC = Topics.PAYMENTS.name();

	@Autowired
	TestPaymentHandler handler;

	@Autowired
	InboxConsumer consumer;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@LocalManagementPort
	int managementPort;

	EventCodec codec = new EventCodec();

	KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TestInfrastructure.get().kafkaAdminConfig(),
			new StringSerializer(), new ByteArraySerializer());

	@AfterEach
	void cleanUp() {
		handler.fixIt();
		producer.close();
	}

	@Test
	void recordsHeldBackAreLagAndNoneIsLeftOnceTheyAreApplied() throws Exception {
		UUID caughtUp = sendPaymentCompleted(UUID.randomUUID());
		await().until(() -> handled(caughtUp));
		await().untilAsserted(() -> assertThat(gaugedLag()).isZero());

		consumer.stop();
		UUID held = UUID.randomUUID();
		handler.holdAt(held);
		List<UUID> events = new ArrayList<>(List.of(sendPaymentCompleted(held)));
		for (int i = 0; i < 9; i++) {
			events.add(sendPaymentCompleted(UUID.randomUUID()));
		}
		consumer.start();

		await().until(() -> handler.isHolding(held));
		// The consumer may have fetched them in more than one poll; the inbox is held at the first event,
		// with whatever shares its transaction: every event not applied yet is lag.
		await().untilAsserted(() -> assertThat(gaugedLag()).isEqualTo(unhandled(events)).isPositive());
		assertThat(statusLag()).isEqualTo(unhandled(events));
		assertThat(scrape()).containsPattern("messaging_consumer_lag\\{application=\"order-service\",group=\""
				+ consumer.groupId() + "\",partition=\"\\d+\",topic=\"" + TOPIC + "\"} [1-9]");

		handler.release();

		await().until(() -> events.stream().allMatch(this::handled));
		await().untilAsserted(() -> assertThat(gaugedLag()).isZero());
		assertThat(statusLag()).isZero();
		assertThat(scrape()).doesNotContainPattern("messaging_consumer_lag\\{[^}]*topic=\"" + TOPIC + "\"} [1-9]");
	}

	@Test
	void aStoppedConsumerHasNoLagGauges() {
		await().until(() -> !meters.find(ConsumerLag.METER).tag("topic", TOPIC).gauges().isEmpty());

		consumer.stop();
		try {
			assertThat(meters.find(ConsumerLag.METER).gauges()).isEmpty();
			assertThat(consumer.lag().partitions()).isEmpty();
		}
		finally {
			consumer.start();
		}
	}

	/** The sum of the topic's partitions' gauges; fails while one of them is unknown. */
	private long gaugedLag() {
		List<Gauge> gauges = new ArrayList<>(meters.find(ConsumerLag.METER).tag("topic", TOPIC).gauges());
		assertThat(gauges).as("a gauge per partition of " + TOPIC).isNotEmpty();
		long sum = 0;
		for (Gauge gauge : gauges) {
			assertThat(gauge.value()).as(gauge.getId().toString()).isNotNaN();
			sum += (long) gauge.value();
		}
		return sum;
	}

	private long statusLag() {
		JsonNode status = JsonMapper.builder().build().readTree(get("/admin/messaging/status"));
		long sum = 0;
		for (JsonNode partition : status.path("consumerLag")) {
			if (partition.path("topic").asString().equals(TOPIC)) {
				assertThat(partition.path("group").asString()).isEqualTo(consumer.groupId());
				sum += partition.path("lag").asLong();
			}
		}
		return sum;
	}

	private String scrape() {
		return get("/actuator/prometheus");
	}

	private String get(String path) {
		return ServiceClient.onPort(managementPort).get(path).body();
	}

	private UUID sendPaymentCompleted(UUID orderId) throws Exception {
		EventEnvelope event = codec.envelope(EventCatalog.PAYMENT_COMPLETED_V1, TestPayments.paymentCompleted(orderId),
				UUID.randomUUID(), Instant.now(), "payment-service", UUID.randomUUID().toString(), null, null);
		producer.send(new ProducerRecord<>(TOPIC, orderId.toString(), codec.write(event))).get();
		return event.eventId();
	}

	private long unhandled(List<UUID> events) {
		return events.stream().filter(event -> !handled(event)).count();
	}

	private boolean handled(UUID eventId) {
		Integer count = jdbc.queryForObject("SELECT count(*) FROM handled_payment WHERE event_id = ?", Integer.class,
				eventId);
		return count != null && count > 0;
	}
}
