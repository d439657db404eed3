package dev.ordersaga.benchmarks.saga;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.contracts.order.v1.OrderCancelled;

/**
 * What happened to each order, as order-service announced it on its topic: when it was placed and
 * when it ended, by the {@code occurredAt} of the events (stamped in the transaction that changed
 * the order, so no polling interval is in the figures). Reads from the topic's end at creation, in
 * a thread of its own, outside any consumer group.
 */
final class OrderOutcomes implements AutoCloseable {

	/**
	 * @param placedMillis when OrderPlaced occurred, 0 if not seen (yet)
	 * @param endedMillis when OrderConfirmed or OrderCancelled occurred
	 * @param outcome {@code CONFIRMED} or {@code CANCELLED <reason>}
	 */
	record Ended(long placedMillis, long endedMillis, String outcome) {
	}

	private final EventCodec codec = new EventCodec();

	private final Map<UUID, Long> placed = new ConcurrentHashMap<>();

	private final Map<UUID, Ended> ended = new ConcurrentHashMap<>();

	private final AtomicLong unreadable = new AtomicLong();

	private final KafkaConsumer<String, byte[]> consumer;

	private final Thread reader;

	private volatile boolean running = true;

	/** @param login the suite's brokers and the admin's login ({@code Suite#kafkaAdminConfig()}) */
	OrderOutcomes(Map<String, Object> login) {
		Map<String, Object> config = new HashMap<>(login);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "saga-benchmark-" + UUID.randomUUID());
		consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
		List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDERS.name(), Duration.ofSeconds(30))
			.stream()
			.map(info -> new TopicPartition(info.topic(), info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToEnd(partitions);
		partitions.forEach(consumer::position);
		reader = new Thread(this::read, "order-outcomes");
		reader.setDaemon(true);
		reader.start();
	}

	private void read() {
		try {
			while (running) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					take(record.value());
				}
			}
		}
		catch (WakeupException ex) {
			// closing
		}
		finally {
			consumer.close(Duration.ofSeconds(5));
		}
	}

	private void take(byte[] value) {
		try {
			EventEnvelope envelope = codec.read(value);
			UUID order = UUID.fromString(envelope.aggregateId());
			long at = envelope.occurredAt().toEpochMilli();
			switch (envelope.eventType()) {
				case "OrderPlaced" -> placed.put(order, at);
				case "OrderConfirmed" -> end(order, at, "CONFIRMED");
				case "OrderCancelled" -> end(order, at,
						"CANCELLED " + codec.payload(envelope, OrderCancelled.class).reason());
				default -> {
				}
			}
		}
		catch (RuntimeException ex) {
			unreadable.incrementAndGet();
		}
	}

	private void end(UUID order, long at, String outcome) {
		// A redelivered terminal event (relay retry) keeps the first.
		ended.putIfAbsent(order, new Ended(placed.getOrDefault(order, 0L), at, outcome));
	}

	/** @return how the order ended, {@literal null} while it has not */
	@Nullable Ended ended(UUID order) {
		return ended.get(order);
	}

	/** @return records of the topic that could not be read as events (should stay 0) */
	long unreadable() {
		return unreadable.get();
	}

	@Override
	public void close() throws InterruptedException {
		running = false;
		consumer.wakeup();
		reader.join(10_000);
	}
}
