package dev.ordersaga.messaging.inbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * How far the inbox consumer is behind on each partition assigned to it: the partition's end offset
 * minus the offset after the last record the inbox finished with (applied, skipped or parked). A gauge
 * {@value #METER} per partition (tags {@code group}, {@code topic}, {@code partition}), registered
 * while the partition is assigned, and {@link #partitions()} for the admin status.
 * <p>
 * Reading it asks Kafka nothing: the end offset is what the consumer learnt on its last fetch of the
 * partition (its own {@code records-lag} metric, the end offset minus its position). The consumer's
 * position runs ahead of the inbox by the records of the poll in hand, so those are added: a handler
 * that holds the consumer shows as lag, not as zero. The consumer thread only notes offsets in memory;
 * a reader reads the consumer's metrics, which are safe to read from any thread. While the consumer
 * thread is held (a slow handler, a retry's back-off), records that arrive meanwhile count once its
 * next fetch has seen them.
 */
public final class ConsumerLag implements ConsumerRebalanceListener {

	/** The gauge's name. */
	public static final String METER = "messaging.consumer.lag";

	private static final String RECORDS_LAG = "records-lag";

	private final String group;

	private final MeterRegistry meters;

	private final Supplier<Map<String, Map<MetricName, ? extends Metric>>> consumerMetrics;

	private final ConcurrentMap<TopicPartition, Progress> assigned = new ConcurrentHashMap<>();

	/**
	 * @param group the consumer group, must not be {@literal null}
	 * @param meters where the gauges go, must not be {@literal null}
	 * @param consumerMetrics the metrics of the group's consumers in this process, by client id, must not
	 * be {@literal null}
	 */
	ConsumerLag(String group, MeterRegistry meters, Supplier<Map<String, Map<MetricName, ? extends Metric>>> consumerMetrics) {
		this.group = group;
		this.meters = meters;
		this.consumerMetrics = consumerMetrics;
	}

	/** One partition's lag; {@code lag} is {@literal null} until the consumer has fetched from it. */
	public record PartitionLag(String group, String topic, int partition, @Nullable Long lag) {
	}

	/** @return the lag of every partition assigned to this process's consumers, by topic and partition */
	public List<PartitionLag> partitions() {
		List<PartitionLag> lags = new ArrayList<>();
		Map<TopicPartition, Double> kafka = kafkaLags();
		assigned.forEach((partition, progress) -> {
			double lag = progress.lag(kafka.get(partition));
			lags.add(new PartitionLag(group, partition.topic(), partition.partition(),
					Double.isNaN(lag) ? null : (long) lag));
		});
		lags.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
		return lags;
	}

	@Override
	public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
		// With several consumer threads one may be given a partition before another let it go.
		partitions.forEach(partition -> assigned.compute(partition, (key, progress) -> {
			if (progress != null) {
				progress.owners++;
				progress.restart();
				return progress;
			}
			return new Progress(register(key));
		}));
	}

	@Override
	public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
		partitions.forEach(partition -> assigned.computeIfPresent(partition, (key, progress) -> {
			if (--progress.owners > 0) {
				return progress;
			}
			meters.remove(progress.gauge);
			return null;
		}));
	}

	/** Notes the records of a poll, before the inbox applies them. */
	void received(List<? extends ConsumerRecord<?, ?>> records) {
		for (ConsumerRecord<?, ?> record : records) {
			Progress progress = assigned.get(new TopicPartition(record.topic(), record.partition()));
			if (progress != null) {
				progress.received(record.offset());
			}
		}
	}

	/** Notes records the inbox is done with: applied, skipped as duplicates or ignored, or parked. */
	void finished(List<? extends ConsumerRecord<?, ?>> records) {
		for (ConsumerRecord<?, ?> record : records) {
			Progress progress = assigned.get(new TopicPartition(record.topic(), record.partition()));
			if (progress != null) {
				progress.finished(record.offset());
			}
		}
	}

	/** Forgets every partition and removes their gauges (the consumer stopped). */
	void clear() {
		assigned.keySet().forEach(partition -> assigned.computeIfPresent(partition, (key, progress) -> {
			meters.remove(progress.gauge);
			return null;
		}));
	}

	private Gauge register(TopicPartition partition) {
		return Gauge.builder(METER, () -> lagOf(partition))
			.description("Records of the partition the inbox has not finished with: its end offset, as of the "
					+ "consumer's last fetch, minus the offset after the last record applied, skipped or parked")
			.tags("group", group, "topic", partition.topic(), "partition", String.valueOf(partition.partition()))
			.strongReference(true)
			.register(meters);
	}

	private double lagOf(TopicPartition partition) {
		Progress progress = assigned.get(partition);
		return progress == null ? Double.NaN : progress.lag(kafkaLags().get(partition));
	}

	/** The consumers' own {@code records-lag} per partition: its end offset minus their position. */
	private Map<TopicPartition, Double> kafkaLags() {
		Map<TopicPartition, Double> lags = new java.util.HashMap<>();
		consumerMetrics.get().values().forEach(metrics -> metrics.forEach((name, metric) -> {
			if (!RECORDS_LAG.equals(name.name())) {
				return;
			}
			String topic = name.tags().get("topic");
			String partition = name.tags().get("partition");
			if (topic != null && partition != null && metric.metricValue() instanceof Number value
					&& !Double.isNaN(value.doubleValue())) {
				lags.put(new TopicPartition(topic, Integer.parseInt(partition)), value.doubleValue());
			}
		}));
		return lags;
	}

	/**
	 * What the inbox did with one partition since it was assigned. Written by the partition's consumer
	 * thread, read by any.
	 */
	private static final class Progress {

		private final Gauge gauge;

		/** Consumers of this process the partition is assigned to: one, but two for a moment in a rebalance. */
		private int owners = 1;

		/** The offset after the last record of the latest poll: the consumer's position. */
		private volatile long fetched = -1;

		/** The offset after the last record the inbox finished with. */
		private volatile long finished = -1;

		Progress(Gauge gauge) {
			this.gauge = gauge;
		}

		void restart() {
			fetched = -1;
			finished = -1;
		}

		void received(long offset) {
			if (finished < 0) {
				// The first record since the assignment: nothing before it is left to do.
				finished = offset;
			}
			fetched = offset + 1;
		}

		void finished(long offset) {
			if (offset + 1 > finished) {
				finished = offset + 1;
			}
		}

		/**
		 * @param kafkaLag the consumer's own lag, {@literal null} when it has not fetched from the partition yet
		 * @return the end offset minus the offset after the last finished record, NaN when unknown
		 */
		double lag(@Nullable Double kafkaLag) {
			if (kafkaLag == null) {
				return Double.NaN;
			}
			long position = fetched;
			long done = finished;
			return kafkaLag + (position >= 0 && done >= 0 ? Math.max(0, position - done) : 0);
		}
	}
}
