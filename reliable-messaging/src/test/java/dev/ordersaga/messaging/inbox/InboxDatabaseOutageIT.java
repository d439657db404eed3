package dev.ordersaga.messaging.inbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestPayments;
import dev.ordersaga.testsupport.TcpProxy;
import dev.ordersaga.testsupport.TestInfrastructure;
import dev.ordersaga.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database becomes unreachable for much longer than a permanent failure's retry budget while
 * events keep arriving. The application reaches PostgreSQL through a {@link TcpProxy} that the
 * test cuts, so the other tests of the JVM keep their database.
 */
@SpringBootTest(classes = MessagingTestApplication.class, properties = {
		// A short pool timeout, so that the old retry budget is used up quickly:
		// (max-retries + 1) × (connection-timeout + retry interval) = 3 × (1 s + ≤ 0.2 s) < 4 s.
		"spring.datasource.hikari.connection-timeout=1000", "spring.datasource.hikari.validation-timeout=500",
		// A group of its own: its start does not wait for the members of other tests' groups to leave.
		"ordersaga.messaging.consumer.group-id=inbox-database-outage-it" })
@DirtiesContext
class InboxDatabaseOutageIT {

	static final String APPLICATION = "order-service";

	static final Duration OUTAGE = Duration.ofSeconds(15);

	static final TcpProxy database = proxyToTheDatabase();

	@Autowired
	MeterRegistry meters;

	EventCodec codec = new EventCodec();

	Map<String, Object> kafkaAdmin = TestInfrastructure.get().kafkaAdminConfig();

	/** Outside the application's pool: PostgreSQL itself, as the superuser. */
	JdbcTemplate postgres() {
		return new JdbcTemplate(TestInfrastructure.get().adminDataSource());
	}

	KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
			kafkaAdmin, new StringSerializer(),
			new ByteArraySerializer());

	@DynamicPropertySource
	static void connectThroughTheProxy(DynamicPropertyRegistry registry) {
		// The test application plays more than order-service, in a group of its own: as the Kafka admin.
		TestInfrastructure.get()
			.springProperties(APPLICATION, TestInfrastructure.KAFKA_ADMIN)
			.forEach((name, value) -> registry.add(name, () -> value));
		URI direct = URI.create(TestInfrastructure.get().jdbcUrl().substring("jdbc:".length()));
		registry.add("spring.datasource.url",
				() -> "jdbc:postgresql://" + database.host() + ":" + database.port() + direct.getPath());
	}

	@AfterEach
	void reconnect() {
		database.restore();
		producer.close();
	}

	@AfterAll
	static void closeProxy() {
		database.close();
	}

	@Test
	void eventsArrivingDuringALongDatabaseOutageWaitAndAreAppliedOnceWhenItEnds() throws Exception {
		UUID warmUp = sendPaymentCompleted(UUID.randomUUID());
		await().atMost(Duration.ofSeconds(60)).until(() -> effects(warmUp) == 1);

		database.cut();
		List<UUID> orders = new ArrayList<>();
		List<UUID> events = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			UUID orderId = UUID.randomUUID();
			orders.add(orderId);
			events.add(sendPaymentCompleted(orderId));
		}
		await().during(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(() -> applied(events) == 0);
		database.restore();

		await().atMost(Duration.ofSeconds(30)).until(() -> applied(events) + parked(orders).size() == events.size());
		assertThat(parked(orders)).as("dead-lettered events").isEmpty();
		for (UUID event : events) {
			assertThat(effects(event)).as("effects of event %s", event).isEqualTo(1);
		}
		assertThat(retries("transient")).isGreaterThan(0);
	}

	private UUID sendPaymentCompleted(UUID orderId) throws Exception {
		EventEnvelope event = codec.envelope(EventCatalog.PAYMENT_COMPLETED_V1, TestPayments.paymentCompleted(orderId),
				UUID.randomUUID(), Instant.now(), "payment-service", UUID.randomUUID().toString(), null, null);
		producer.send(new ProducerRecord<>(Topics.PAYMENTS.name(), orderId.toString(), codec.write(event))).get();
		return event.eventId();
	}

	private int effects(UUID eventId) {
		Integer count = postgres().queryForObject(
				"SELECT count(*) FROM order_service.handled_payment WHERE event_id = ?", Integer.class, eventId);
		return count == null ? 0 : count;
	}

	private long applied(List<UUID> events) {
		return events.stream().filter(event -> effects(event) > 0).count();
	}

	/** @return the dead-lettered events of these orders, as "key: exception message" */
	private List<String> parked(List<UUID> orders) {
		List<String> keys = orders.stream().map(UUID::toString).toList();
		return new TopicReader(kafkaAdmin).readAll(Topics.deadLetterTopic(APPLICATION))
			.stream()
			.filter(record -> keys.contains(record.key()))
			.map(record -> record.key() + ": " + new String(
					record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(), StandardCharsets.UTF_8))
			.toList();
	}

	private double retries(String kind) {
		return meters.find("inbox.retries").tag("kind", kind).counters().stream().mapToDouble(Counter::count).sum();
	}

	private static TcpProxy proxyToTheDatabase() {
		URI direct = URI.create(TestInfrastructure.get().jdbcUrl().substring("jdbc:".length()));
		return TcpProxy.to(direct.getHost(), direct.getPort());
	}
}
