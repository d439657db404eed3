package dev.ordersaga.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.awaitility.Awaitility.await;

/**
 * Ceiling (a): what the broker takes from one raw producer with the relay's settings (idempotent,
 * acks=all, the same batching), sending the relay's records (same value, same headers) with no
 * database in the way.
 */
final class KafkaCeiling implements AutoCloseable {

	private final KafkaProducer<String, byte[]> producer;

	private final String topic;

	private final byte[] value;

	private final int aggregates;

	KafkaCeiling(Map<String, Object> producerConfig, String topic, byte[] value, int aggregates) {
		Map<String, Object> config = new HashMap<>(producerConfig);
		config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
		config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
		this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
		this.topic = topic;
		this.value = value;
		this.aggregates = aggregates;
	}

	/**
	 * Sends records as fast as the producer takes them (it blocks when its buffer is full) for the
	 * given time, then waits for the last acknowledgement.
	 * @return records per second, from the first send to the last acknowledgement
	 */
	double throughput(Duration duration) {
		AtomicLong acknowledged = new AtomicLong();
		AtomicLong failures = new AtomicLong();
		AtomicLong lastAck = new AtomicLong();
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		long sent = 0;
		while (System.nanoTime() < deadline) {
			producer.send(record(BenchmarkEvents.order((int) (sent % aggregates), aggregates).toString()),
					(metadata, exception) -> {
						if (exception != null) {
							failures.incrementAndGet();
						}
						else {
							acknowledged.incrementAndGet();
						}
						lastAck.accumulateAndGet(System.nanoTime(), Math::max);
					});
			sent++;
		}
		producer.flush();
		long all = sent;
		await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged.get() + failures.get() == all);
		if (failures.get() > 0) {
			throw new IllegalStateException(failures.get() + " of " + sent + " raw sends failed");
		}
		return sent * 1e9 / Math.max(1, lastAck.get() - start);
	}

	/**
	 * Sends at a fixed rate from one thread.
	 * @return the rate achieved and the send → acknowledgement latencies
	 */
	Steady steady(int rate, Duration duration) {
		Histogram micros = new ConcurrentHistogram(LatencySummary.HIGHEST_MICROS, 3);
		AtomicLong failures = new AtomicLong();
		FixedRate.Outcome outcome = FixedRate.run(rate, duration, 1, i -> {
			long sent = System.nanoTime();
			producer.send(record(UUID.randomUUID().toString()), (metadata, exception) -> {
				if (exception != null) {
					failures.incrementAndGet();
					return;
				}
				micros.recordValue(Math.min(LatencySummary.HIGHEST_MICROS, (System.nanoTime() - sent) / 1_000));
			});
		});
		producer.flush();
		return new Steady(outcome.perSecond(),
				LatencySummary.of(micros, Math.max(0, outcome.events() - micros.getTotalCount())));
	}

	private ProducerRecord<String, byte[]> record(String key) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("eventId", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
		headers.add("eventType", "OrderPlaced".getBytes(StandardCharsets.UTF_8));
		headers.add("schemaVersion", "2".getBytes(StandardCharsets.UTF_8));
		return new ProducerRecord<>(topic, null, key, value, headers);
	}

	@Override
	public void close() {
		producer.close(Duration.ofSeconds(10));
	}
}
