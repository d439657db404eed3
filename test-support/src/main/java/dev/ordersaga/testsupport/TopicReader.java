package dev.ordersaga.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning with a plain Kafka consumer, outside any group: what is
 * really on the broker, independent of the code under test.
 */
public final class TopicReader {

	private final Map<String, Object> clientConfig;

	/**
	 * @param clientConfig where and as whom to connect: bootstrap servers and login, usually
	 * {@link TestInfrastructure#kafkaAdminConfig()}; must not be {@literal null}
	 */
	public TopicReader(Map<String, Object> clientConfig) {
		this.clientConfig = Map.copyOf(clientConfig);
	}

	/**
	 * @param topic the topic, must not be {@literal null}
	 * @return every record on it, partition by partition, never {@literal null}
	 */
	public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
		Map<String, Object> config = new HashMap<>(clientConfig);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "topic-reader-" + UUID.randomUUID());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map(info -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + topic + " to its end within 30 s");
				}
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}
}
