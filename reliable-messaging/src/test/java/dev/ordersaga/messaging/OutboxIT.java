package dev.ordersaga.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.IllegalTransactionStateException;

import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.outbox.Outbox;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestOrders;
import dev.ordersaga.testsupport.TopicReader;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = MessagingTestApplication.class)
@RealInfrastructure
@DirtiesContext
class OutboxIT {

	@Autowired
	TestOrders orders;

	@Autowired
	Outbox outbox;

	@Autowired
	JdbcTemplate jdbc;

	TopicReader kafka = new TopicReader(TestInfrastructure.get().kafkaAdminConfig());

	@Test
	void committedBusinessWriteLeavesExactlyOneEventOnKafka() {
		UUID orderId = UUID.randomUUID();
		UUID eventId = orders.place(orderId);

		await().until(() -> published(eventId));

		assertThat(eventIdsOnKafkaFor(orderId)).containsExactly(eventId.toString());
	}

	@Test
	void rolledBackBusinessWriteLeavesNoEventOnKafka() {
		UUID orderId = UUID.randomUUID();
		assertThatThrownBy(() -> orders.placeAndFail(orderId)).hasMessageContaining("business rule violated");

		// A committed event of the same aggregate lands on the same partition after anything the
		// rolled-back transaction could have produced: once it is there, the absence is proven.
		UUID marker = orders.place(orderId);
		await().until(() -> published(marker));

		assertThat(eventIdsOnKafkaFor(orderId)).containsExactly(marker.toString());
		assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?", Integer.class,
				orderId.toString())).isEqualTo(1);
	}

	@Test
	void appendOutsideATransactionIsRejected() {
		UUID orderId = UUID.randomUUID();

		assertThatThrownBy(() -> outbox.append(TestOrders.orderPlaced(orderId)))
			.isInstanceOf(IllegalTransactionStateException.class)
			.hasMessageContaining("@Transactional");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?", Integer.class,
				orderId.toString())).isZero();
	}

	@Test
	void eventCarriesTheContractEnvelopeAndHeaders() {
		UUID orderId = UUID.randomUUID();
		UUID eventId = orders.place(orderId);
		await().until(() -> published(eventId));

		ConsumerRecord<String, byte[]> record = recordsFor(orderId).get(0);
		assertThat(record.key()).isEqualTo(orderId.toString());
		assertThat(header(record, "eventType")).isEqualTo("OrderPlaced");
		assertThat(header(record, "schemaVersion")).isEqualTo("2");
		String envelope = new String(record.value(), StandardCharsets.UTF_8);
		assertThat(envelope).contains("\"producer\":\"order-service\"", "\"aggregateType\":\"Order\"",
				"\"total\":\"19.90\"");
	}

	private boolean published(UUID eventId) {
		return Boolean.TRUE.equals(jdbc.queryForObject(
				"SELECT published_at IS NOT NULL FROM outbox_event WHERE event_id = ?", Boolean.class, eventId));
	}

	private List<String> eventIdsOnKafkaFor(UUID orderId) {
		return recordsFor(orderId).stream().map(record -> header(record, "eventId")).toList();
	}

	private List<ConsumerRecord<String, byte[]>> recordsFor(UUID orderId) {
		return kafka.readAll(Topics.ORDERS.name())
			.stream()
			.filter(record -> orderId.toString().equals(record.key()))
			.toList();
	}

	static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}
}
