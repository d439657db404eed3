package dev.ordersaga.messaging.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads whole topics from their beginning with a plain {@link KafkaConsumer} that joins no consumer
 * group and commits nothing, so the inbox consumer's group and offsets are untouched: for a service
 * that rebuilds read models from the events its topics keep.
 */
public class TopicReplay {

	private final ConsumerFactory<?, ?> bootConsumerFactory;

	private final String clientIdPrefix;

	TopicReplay(ConsumerFactory<?, ?> bootConsumerFactory, String clientIdPrefix) {
		this.bootConsumerFactory = bootConsumerFactory;
		this.clientIdPrefix = clientIdPrefix;
	}

	/**
	 * Assigns every partition of the topics, seeks to the beginning and hands the sink each record
	 * below the end offsets the partitions have when this call starts, in each partition's order.
	 * Records published later are left to the inbox consumer.
	 * @param topics the topics, must not be {@literal null}
	 * @param timeout how long the whole replay may take, must not be {@literal null}
	 * @param pollTimeout how long one poll may wait, must not be {@literal null}
	 * @param sink receives each record, must not be {@literal null}
	 * @return how many records were read
	 * @throws IllegalStateException when the end offsets are not reached within the timeout
	 */
	public long replay(Collection<String> topics, Duration timeout, Duration pollTimeout,
			Consumer<ReplayedRecord> sink) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config(), new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : topics) {
				List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
				if (infos != null) {
					infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
				}
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
			Set<TopicPartition> unfinished = new HashSet<>(partitions);
			long deadline = System.nanoTime() + timeout.toNanos();
			long read = 0;
			pauseFinished(consumer, unfinished, end);
			while (!unfinished.isEmpty()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The replay did not reach the end of " + unfinished + " within "
							+ timeout);
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(pollTimeout)) {
					if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
						sink.accept(new ReplayedRecord(record.topic(), record.partition(), record.offset(), record.key(),
								record.value()));
						read++;
					}
				}
				pauseFinished(consumer, unfinished, end);
			}
			return read;
		}
	}

	/** Pauses the partitions that reached their end offset, so records published since are not fetched. */
	private static void pauseFinished(KafkaConsumer<String, byte[]> consumer, Set<TopicPartition> unfinished,
			Map<TopicPartition, Long> end) {
		List<TopicPartition> finished = unfinished.stream()
			.filter(partition -> consumer.position(partition) >= end.get(partition))
			.toList();
		consumer.pause(finished);
		finished.forEach(unfinished::remove);
	}

	/** Boot's consumer settings (servers, security, tuning) without a group, raw bytes, no commits. */
	private Map<String, Object> config() {
		Map<String, Object> config = new HashMap<>(bootConsumerFactory.getConfigurationProperties());
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
		config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-replay-" + UUID.randomUUID());
		return config;
	}

	/**
	 * One record as read from its topic.
	 *
	 * @param topic its topic
	 * @param partition its partition
	 * @param offset its offset
	 * @param key its key, {@literal null} when it has none
	 * @param value its value, {@literal null} for a tombstone
	 */
	public record ReplayedRecord(String topic, int partition, long offset, @Nullable String key, byte @Nullable [] value) {
	}
}
