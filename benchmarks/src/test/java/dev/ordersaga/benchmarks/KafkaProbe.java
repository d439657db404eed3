package dev.ordersaga.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * A plain Kafka consumer that reads a topic from its current end, outside any consumer group, and
 * notes when each record became readable: what "on Kafka" means for every path measured. It knows
 * nothing of the code under test.
 */
final class KafkaProbe implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final Map<String, Long> arrivals = new ConcurrentHashMap<>();

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong valueBytes = new AtomicLong();

	private final AtomicLong expected = new AtomicLong(Long.MAX_VALUE);

	private final AtomicLong expectedReachedAt = new AtomicLong();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Thread poller;

	private KafkaProbe(KafkaConsumer<String, byte[]> consumer, String topic) {
		this.consumer = consumer;
		this.poller = new Thread(this::pollUntilClosed, "kafka-probe-" + topic);
		this.poller.setDaemon(true);
	}

	/**
	 * Positions a consumer at the end of every partition of the topic, then starts reading: every
	 * record written after this returns is seen.
	 * @param clientConfig bootstrap servers and a login that may read the topic
	 * @param topic the topic to read
	 */
	static KafkaProbe start(Map<String, Object> clientConfig, String topic) {
		Map<String, Object> config = new HashMap<>(clientConfig);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "benchmark-probe-" + UUID.randomUUID());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer());
		List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
			.stream()
			.map(info -> new TopicPartition(topic, info.partition()))
			.toList();
		consumer.assign(partitions);
		consumer.seekToEnd(partitions);
		// Resolve the end offsets now, not lazily at the first poll after the load has begun.
		partitions.forEach(consumer::position);
		KafkaProbe probe = new KafkaProbe(consumer, topic);
		probe.poller.start();
		return probe;
	}

	/** Notes the time at which the {@code count}th record arrives; call before the records are written. */
	void expect(long count) {
		expected.set(count);
	}

	/**
	 * Waits for the expected count.
	 * @return the {@link System#nanoTime()} at which the last expected record arrived
	 */
	long awaitExpected(Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> expectedReachedAt.get() != 0);
		return expectedReachedAt.get();
	}

	/** Waits until at least {@code count} records arrived, or the timeout passed; never fails. */
	void awaitReceived(long count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		await().atMost(timeout.plusSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> received.get() >= count || System.nanoTime() > deadline);
	}

	/** @return the {@link System#nanoTime()} at which each key's first record arrived */
	Map<String, Long> arrivals() {
		return arrivals;
	}

	long received() {
		return received.get();
	}

	/** @return the mean size of the records' values, 0 before any arrived */
	long meanValueBytes() {
		long count = received.get();
		return count == 0 ? 0 : valueBytes.get() / count;
	}

	private void pollUntilClosed() {
		try {
			while (running.get()) {
				ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
				if (records.isEmpty()) {
					continue;
				}
				long now = System.nanoTime();
				for (ConsumerRecord<String, byte[]> record : records) {
					if (record.key() != null) {
						arrivals.putIfAbsent(record.key(), now);
					}
					valueBytes.addAndGet(record.value() == null ? 0 : record.value().length);
					if (received.incrementAndGet() == expected.get()) {
						expectedReachedAt.set(now);
					}
				}
			}
		}
		catch (WakeupException ex) {
			// close() woke the poll up.
		}
		finally {
			consumer.close();
		}
	}

	@Override
	public void close() {
		running.set(false);
		consumer.wakeup();
		try {
			poller.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
