package dev.ordersaga.faults;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.ordersaga.contracts.Topic;
import dev.ordersaga.contracts.Topics;

/**
 * Poison records, written with a plain Kafka producer (logged in as the suite's admin) to every
 * topic: bad JSON and an event that breaks its schema must land in the dead-letter topic of each
 * service that consumes the topic, and nowhere else; an event of a type nobody knows is ignored by
 * every consumer (a tolerant reader) and must land nowhere.
 */
final class Poison {

	/** An event type per topic that every consumer of the topic handles, so each must reject it. */
	private static final Map<String, String> HANDLED_BY_ALL = Map.of(Topics.ORDERS.name(), "OrderPlaced",
			Topics.PAYMENTS.name(), "PaymentCompleted", Topics.INVENTORY.name(), "InventoryReservationFailed",
			Topics.NOTIFICATIONS.name(), "NotificationSent", Topics.CATALOG.name(), "ProductUpdated");

	/**
	 * @param topic where it was written
	 * @param kind bad JSON, schema violation or unknown type
	 * @param marker a unique string inside its value
	 * @param expectedIn the services whose dead-letter topic must hold it
	 */
	record Record(String topic, String kind, String marker, List<String> expectedIn) {
	}

	/** @param login the brokers' addresses and the admin's login ({@link Suite#kafkaAdminConfig()}) */
	static List<Record> write(Map<String, Object> login) {
		List<Record> written = new ArrayList<>();
		Map<String, Object> config = new HashMap<>(login);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			for (Topic topic : Topics.all()) {
				String key = UUID.randomUUID().toString();
				String badJson = "poison-" + UUID.randomUUID();
				send(producer, topic.name(), key, "{\"this is\": not json " + badJson);
				written.add(new Record(topic.name(), "bad JSON", badJson, topic.consumers()));

				String invalid = "poison-" + UUID.randomUUID();
				send(producer, topic.name(), key, """
						{"eventType":"%s","schemaVersion":1,"occurredAt":"%s","producer":"fault-suite",
						 "aggregateType":"Order","aggregateId":"%s","correlationId":"%s","payload":{"marker":"%s"}}"""
					.formatted(HANDLED_BY_ALL.get(topic.name()), Instant.now(), key, invalid, invalid));
				written.add(new Record(topic.name(), "schema violation (no eventId)", invalid, topic.consumers()));

				String unknown = "poison-" + UUID.randomUUID();
				send(producer, topic.name(), key, """
						{"eventId":"%s","eventType":"GiftWrapped","schemaVersion":1,"occurredAt":"%s",
						 "producer":"fault-suite","aggregateType":"Order","aggregateId":"%s","correlationId":"%s",
						 "payload":{"marker":"%s"}}""".formatted(UUID.randomUUID(), Instant.now(), key, unknown, unknown));
				written.add(new Record(topic.name(), "unknown event type", unknown, List.of()));
			}
			producer.flush();
		}
		return written;
	}

	private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, String value) {
		producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
	}
}
