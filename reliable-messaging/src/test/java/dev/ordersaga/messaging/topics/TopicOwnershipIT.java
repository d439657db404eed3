package dev.ordersaga.messaging.topics;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.contracts.notification.v1.NotificationKind;
import dev.ordersaga.contracts.notification.v1.NotificationSent;
import dev.ordersaga.messaging.inbox.EventMetadata;
import dev.ordersaga.messaging.inbox.IntegrationEventHandler;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestPayments;
import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who creates and who alters topics, against a real broker. The test application plays
 * order-service: it owns orders.v1 and its dead-letter topic, and consumes payments.v1 (owned by
 * payment-service) and, through {@link NotificationHandler}, notifications.v1 (owned by
 * notification-service), which no other test of this JVM uses, so a test can start without it.
 * Each test starts its own application, because the state of the broker before the start is the
 * point.
 */
class TopicOwnershipIT {

	static final String APPLICATION = "order-service";

	static final String NOTIFICATIONS = Topics.NOTIFICATIONS.name();

	/** A group of its own: a start does not wait for the members of other tests' groups to leave. */
	static final String GROUP = "topic-ownership-it";

	static final Set<UUID> notificationsHandled = ConcurrentHashMap.newKeySet();

	final Map<String, Object> kafkaAdmin = TestInfrastructure.get().kafkaAdminConfig();

	final Admin admin = Admin.create(kafkaAdmin);

	final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
			kafkaAdmin, new StringSerializer(),
			new ByteArraySerializer());

	final EventCodec codec = new EventCodec();

	final JsonMapper json = JsonMapper.builder().build();

	@BeforeEach
	void notificationsTopicDoesNotExistYet() throws Exception {
		if (topicNames().contains(NOTIFICATIONS)) {
			admin.deleteTopics(List.of(NOTIFICATIONS)).all().get();
			await().until(() -> !topicNames().contains(NOTIFICATIONS));
		}
	}

	@AfterEach
	void close() {
		producer.close();
		admin.close();
	}

	@Test
	void serviceConfiguredWithMorePartitionsLeavesExistingTopicsAloneAndCreatesNoConsumedTopic() throws Exception {
		existsAsItsOwnerMadeIt(Topics.PAYMENTS.name());
		existsAsItsOwnerMadeIt(Topics.ORDERS.name());
		int paymentsPartitions = partitions(Topics.PAYMENTS.name());
		int ordersPartitions = partitions(Topics.ORDERS.name());

		try (ConfigurableApplicationContext app = start("--ordersaga.messaging.topics.partitions=6")) {
			// Once an event is handled, the consumer has fetched the metadata of every topic it subscribes to.
			UUID handled = sendPaymentCompleted();
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
					"SELECT count(*) FROM inbox_event WHERE event_id = ?", Integer.class, handled) == 1);

			assertThat(partitions(Topics.PAYMENTS.name())).as("partitions of the consumed payments.v1")
				.isEqualTo(paymentsPartitions);
			assertThat(partitions(Topics.ORDERS.name())).as("partitions of the produced, existing orders.v1")
				.isEqualTo(ordersPartitions);
			assertThat(topicNames()).as("topics after the start").doesNotContain(NOTIFICATIONS);
		}
	}

	@Test
	void consumerWaitsForAMissingTopicAndConsumesItOnceItsOwnerCreatesIt() throws Exception {
		try (ConfigurableApplicationContext app = start()) {
			ServiceClient http = ServiceClient.onPort(
					app.getEnvironment().getRequiredProperty("local.management.port", Integer.class));

			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				HttpResponse<String> response = http.get("/actuator/health");
				assertThat(response.statusCode()).isEqualTo(200);
				JsonNode health = json.readTree(response.body());
				assertThat(health.path("status").asString()).isEqualTo("UP");
				JsonNode inbox = health.path("components").path("inbox");
				assertThat(inbox.path("status").asString()).isEqualTo("UP");
				assertThat(inbox.path("details").path("group").asString()).isEqualTo(GROUP);
				assertThat(inbox.path("details").path("waitingForTopics").toString())
					.isEqualTo("[\"" + NOTIFICATIONS + "\"]");
			});
			assertThat(topicNames()).doesNotContain(NOTIFICATIONS);

			admin.createTopics(List.of(new NewTopic(NOTIFICATIONS, 3, (short) 1))).all().get();
			UUID notification = sendNotificationSent();

			await().atMost(Duration.ofSeconds(60)).until(() -> notificationsHandled.contains(notification));
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(json
				.readTree(http.get("/actuator/health").body())
				.path("components").path("inbox").path("details").path("waitingForTopics").toString()).isEqualTo("[]"));
		}
	}

	private ConfigurableApplicationContext start(String... arguments) {
		List<String> args = new ArrayList<>();
		// It plays order-service and consumes more than order-service does, in a group of its own: as the admin.
		TestInfrastructure.get()
			.springProperties(APPLICATION, TestInfrastructure.KAFKA_ADMIN)
			.forEach((name, value) -> args.add("--" + name + "=" + value));
		args.add("--server.port=0");
		args.add("--management.endpoint.health.show-details=always");
		args.add("--ordersaga.messaging.consumer.group-id=" + GROUP);
		args.addAll(List.of(arguments));
		return new SpringApplicationBuilder(MessagingTestApplication.class, NotificationHandler.class)
			.run(args.toArray(String[]::new));
	}

	private void existsAsItsOwnerMadeIt(String topic) throws Exception {
		try {
			admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw ex;
			}
		}
		// The broker answers for a new topic a moment after creating it.
		await().ignoreExceptions().until(() -> partitions(topic) > 0);
	}

	private int partitions(String topic) throws Exception {
		return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
	}

	private Set<String> topicNames() throws Exception {
		return admin.listTopics().names().get();
	}

	private UUID sendPaymentCompleted() throws Exception {
		UUID orderId = UUID.randomUUID();
		EventEnvelope event = codec.envelope(EventCatalog.PAYMENT_COMPLETED_V1, TestPayments.paymentCompleted(orderId),
				UUID.randomUUID(), Instant.now(), "payment-service", UUID.randomUUID().toString(), null, null);
		producer.send(new ProducerRecord<>(Topics.PAYMENTS.name(), orderId.toString(), codec.write(event))).get();
		return event.eventId();
	}

	private UUID sendNotificationSent() throws Exception {
		UUID orderId = UUID.randomUUID();
		EventEnvelope event = codec.envelope(EventCatalog.NOTIFICATION_SENT_V1,
				new NotificationSent(UUID.randomUUID(), orderId, UUID.randomUUID(), NotificationKind.ORDER_CONFIRMATION,
						"customer@example.com"),
				UUID.randomUUID(), Instant.now(), "notification-service", UUID.randomUUID().toString(), null, null);
		producer.send(new ProducerRecord<>(NOTIFICATIONS, orderId.toString(), codec.write(event))).get();
		return event.eventId();
	}

	/** Makes the test application a consumer of notifications.v1 as well. */
	static class NotificationHandler {

		@IntegrationEventHandler
		void on(NotificationSent event, EventMetadata metadata) {
			notificationsHandled.add(metadata.eventId());
		}
	}
}
