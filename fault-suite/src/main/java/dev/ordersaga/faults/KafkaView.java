package dev.ordersaga.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.contracts.Topic;
import dev.ordersaga.contracts.Topics;

/**
 * The broker as an operator sees it: plain Kafka clients logged in as the suite's admin principal,
 * none of the project's code.
 */
public final class KafkaView {

	private final Supplier<Map<String, Object>> login;

	/**
	 * @param login the brokers' addresses and the admin's login ({@link Suite#kafkaAdminConfig()}), asked at
	 * every connection: the suite's brokers and passwords are known once it started
	 */
	public KafkaView(Supplier<Map<String, Object>> login) {
		this.login = login;
	}

	/** @return records each service's consumer group has not read yet, by group; empty map entries mean none */
	public Map<String, Long> lag() {
		try (Admin admin = admin()) {
			return lag(admin);
		}
	}

	/** @return a client for {@link #lag(Admin)}, to be closed by the caller */
	public Admin admin() {
		return Admin.create(config(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)));
	}

	private Map<String, Object> config(Map<String, Object> settings) {
		Map<String, Object> config = new HashMap<>(login.get());
		config.putAll(settings);
		return config;
	}

	/**
	 * @param admin a client of the suite's broker, kept open by a caller that asks often
	 * @return records each service's consumer group has not read yet, by group; a group named
	 * {@code unknown: …} with {@link Long#MAX_VALUE} when the broker could not be asked
	 */
	public static Map<String, Long> lag(Admin admin) {
		Map<String, Long> lag = new HashMap<>();
		try {
			for (String group : Suite.SERVICES) {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get(10, TimeUnit.SECONDS);
				Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
				for (Topic topic : Topics.consumedBy(group)) {
					admin.describeTopics(List.of(topic.name())).allTopicNames().get(10, TimeUnit.SECONDS)
						.get(topic.name()).partitions()
						.forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
				}
				long behind = 0;
				for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
					OffsetAndMetadata read = committed.get(end.getKey());
					behind += Math.max(0, end.getValue().offset() - (read == null ? 0 : read.offset()));
				}
				lag.put(group, behind);
			}
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			lag.put("unknown: " + ex.getMessage(), Long.MAX_VALUE);
		}
		return lag;
	}

	/** @return the member ids of a service's consumer group, empty when it has none or the broker is down */
	Set<String> members(String group) {
		try (Admin admin = admin()) {
			return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members()
				.stream()
				.map(MemberDescription::consumerId)
				.collect(Collectors.toSet());
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return Set.of();
		}
	}

	/**
	 * Waits until a service's consumer group is stable again with none of the members it had before:
	 * the restarted service's consumer holds the partitions and reads, and the dead one's session is over.
	 * @param before the group's member ids before the service went down
	 * @return how long after {@code since} that was, {@literal null} if not within the limit
	 */
	@Nullable Duration awaitNewMembers(String group, Set<String> before, Instant since, Duration limit) {
		Instant deadline = since.plus(limit);
		try (Admin admin = admin()) {
			while (Instant.now().isBefore(deadline)) {
				try {
					ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
						.get(10, TimeUnit.SECONDS).get(group);
					boolean fresh = !description.members().isEmpty() && description.members().stream()
						.noneMatch(member -> before.contains(member.consumerId()));
					if (description.groupState() == GroupState.STABLE && fresh) {
						return Duration.between(since, Instant.now());
					}
				}
				catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
					// the broker is busy or the coordinator moves: ask again
				}
				LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return null;
	}

	/**
	 * Deletes consumer groups with their committed offsets, as an operator cleaning up or an expired
	 * offsets retention would. A group is deleted once its members have left it.
	 */
	void deleteGroups(List<String> groups) {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		try (Admin admin = admin()) {
			for (String group : groups) {
				while (true) {
					try {
						admin.deleteConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS);
						break;
					}
					catch (java.util.concurrent.ExecutionException ex) {
						boolean membersLeft = ex.getCause() instanceof org.apache.kafka.common.errors.GroupNotEmptyException;
						if (!membersLeft || System.nanoTime() > deadline) {
							throw new IllegalStateException("Could not delete the consumer group " + group, ex);
						}
						java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("The broker did not answer the deletion of " + groups, ex);
		}
	}

	/** @return per broker (node id), how many partitions of the saga topics it leads */
	Map<Integer, Integer> sagaPartitionLeaders() {
		Map<Integer, Integer> leaders = new HashMap<>();
		List<String> topics = List.of(Topics.ORDERS, Topics.PAYMENTS, Topics.INVENTORY, Topics.NOTIFICATIONS).stream()
			.map(Topic::name)
			.toList();
		try (Admin admin = admin()) {
			admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().forEach(topic -> topic
				.partitions()
				.stream()
				.filter(partition -> partition.leader() != null)
				.forEach(partition -> leaders.merge(partition.leader().id(), 1, Integer::sum)));
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("Could not describe the saga topics", ex);
		}
		return leaders;
	}

	/** Every record of the topic, from its beginning to its current end. */
	List<ConsumerRecord<String, byte[]>> readAll(String topic) {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config(Map.of(
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.CLIENT_ID_CONFIG,
				"fault-suite-" + UUID.randomUUID())), new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
				.map(info -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
			long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
			while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + topic + " to its end");
				}
				consumer.poll(Duration.ofMillis(500)).forEach(record -> {
					if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
						records.add(record);
					}
				});
			}
		}
		return records;
	}

	/**
	 * Publishes again, unchanged (key, value, headers), every record of the saga topics whose
	 * timestamp falls in the window, as a misbehaving producer or a replaying operator would.
	 * @return how many records were published again
	 */
	int republish(long fromMillis, long toMillis) {
		int count = 0;
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config(Map.of(ProducerConfig.ACKS_CONFIG,
				"all")), new StringSerializer(), new ByteArraySerializer())) {
			for (Topic topic : List.of(Topics.ORDERS, Topics.PAYMENTS, Topics.INVENTORY, Topics.NOTIFICATIONS)) {
				for (ConsumerRecord<String, byte[]> record : readAll(topic.name())) {
					if (record.timestamp() >= fromMillis && record.timestamp() < toMillis) {
						producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(),
								record.headers()));
						count++;
					}
				}
			}
			producer.flush();
		}
		return count;
	}
}
