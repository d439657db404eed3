package dev.ordersaga.messaging.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.KafkaException;

import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.MessagingProperties;

/**
 * Creates the topics this service owns, once all beans exist and before the relay or the inbox
 * consumer starts: the topics it produces ({@link Topics#all()} whose producer is this service)
 * and its dead-letter topic, with the partitions, replication, {@code min.insync.replicas} and
 * retention of {@link MessagingProperties.Topics}.
 * <p>
 * Only missing topics are created. An existing topic is never altered, unlike Spring Kafka's
 * {@code KafkaAdmin}, which adds partitions to an existing topic that has fewer than asked for:
 * adding partitions moves keys to other partitions, so one order's events would no longer be
 * read in order. A partition count that differs from the setting is logged as a warning and left
 * alone. Topics this service only consumes belong to other services and are not touched at all.
 */
public class TopicProvisioning implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(TopicProvisioning.class);

	private final Map<String, Object> adminConfig;

	private final List<NewTopic> ownedTopics;

	private final Duration timeout;

	private final boolean failFast;

	/**
	 * @param adminConfig how to reach the broker (e.g. {@code KafkaAdmin}'s configuration), must not be
	 * {@literal null}
	 * @param ownedTopics the topics to create when missing, must not be {@literal null}
	 * @param timeout how long to wait for the broker's answers, must not be {@literal null}
	 * @param failFast whether an unreachable broker fails the startup rather than being logged
	 */
	TopicProvisioning(Map<String, Object> adminConfig, List<NewTopic> ownedTopics, Duration timeout,
			boolean failFast) {
		this.adminConfig = Map.copyOf(adminConfig);
		this.ownedTopics = List.copyOf(ownedTopics);
		this.timeout = timeout;
		this.failFast = failFast;
	}

	/**
	 * @param application the service's {@code spring.application.name}, must not be {@literal null}
	 * @param settings how topics are created, must not be {@literal null}
	 * @return the topics the service owns: those it produces and its dead-letter topic, never
	 * {@literal null}
	 */
	public static List<NewTopic> ownedTopics(String application, MessagingProperties.Topics settings) {
		String retention = settings.retention() == null ? "-1" : String.valueOf(settings.retention().toMillis());
		List<NewTopic> topics = new ArrayList<>();
		for (var topic : Topics.all()) {
			if (topic.producer().equals(application)) {
				topics.add(newTopic(topic.name(), settings.partitions(), settings, retention));
			}
		}
		// One partition: parked events are few, and one partition makes their offsets a simple list.
		topics.add(newTopic(Topics.deadLetterTopic(application), 1, settings,
				String.valueOf(settings.deadLetterRetention().toMillis())));
		return topics;
	}

	private static NewTopic newTopic(String name, int partitions, MessagingProperties.Topics settings,
			String retentionMs) {
		return new NewTopic(name, partitions, settings.replicationFactor())
			.configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(settings.minInsyncReplicas()),
					TopicConfig.RETENTION_MS_CONFIG, retentionMs));
	}

	@Override
	public void afterSingletonsInstantiated() {
		try {
			provision();
		}
		catch (KafkaException ex) {
			if (failFast) {
				throw ex;
			}
			log.error("Could not create this service's topics {} (the startup goes on; set "
					+ "spring.kafka.admin.fail-fast to stop it instead)", names(ownedTopics), ex);
		}
	}

	/**
	 * Creates the owned topics that do not exist yet and warns about existing ones whose partition
	 * count differs from the setting.
	 * @return the names of the topics this call created, never {@literal null}
	 * @throws KafkaException when the broker does not answer in time or refuses to create a topic
	 */
	public List<String> provision() {
		Admin admin = Admin.create(adminConfig);
		try {
			List<NewTopic> missing = new ArrayList<>();
			Map<String, KafkaFuture<TopicDescription>> existing = admin.describeTopics(names(ownedTopics))
				.topicNameValues();
			for (NewTopic topic : ownedTopics) {
				TopicDescription description = await(existing.get(topic.name()), "describe " + topic.name());
				if (description == null) {
					missing.add(topic);
				}
				else if (description.partitions().size() != topic.numPartitions()) {
					log.warn("Topic {} has {} partitions, {} configured: left alone, because adding partitions moves "
							+ "keys to other partitions (one aggregate's events would no longer be read in order) "
							+ "and a topic cannot lose partitions", topic.name(), description.partitions().size(),
							topic.numPartitions());
				}
			}
			List<String> created = new ArrayList<>();
			if (!missing.isEmpty()) {
				Map<String, KafkaFuture<Void>> results = admin.createTopics(missing).values();
				for (NewTopic topic : missing) {
					try {
						results.get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
						created.add(topic.name());
						log.info("Created topic {}: partitions={}, replication factor={}, {}", topic.name(),
								topic.numPartitions(), topic.replicationFactor(), topic.configs());
					}
					catch (ExecutionException ex) {
						if (!(ex.getCause() instanceof TopicExistsException)) {
							throw new KafkaException("Could not create topic " + topic.name(), ex.getCause());
						}
						// Another instance of this service created it meanwhile.
					}
				}
			}
			return created;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while creating topics " + names(ownedTopics), ex);
		}
		catch (TimeoutException ex) {
			throw new KafkaException("The broker did not answer within " + timeout + " while creating topics "
					+ names(ownedTopics), ex);
		}
		finally {
			// Bounded: with an unreachable broker, close() would wait for the abandoned calls.
			admin.close(timeout);
		}
	}

	/** @return the description, or {@literal null} when the topic does not exist */
	private @org.jspecify.annotations.Nullable TopicDescription await(KafkaFuture<TopicDescription> future,
			String what) throws InterruptedException, TimeoutException {
		try {
			return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return null;
			}
			throw new KafkaException("Could not " + what, ex.getCause());
		}
	}

	private static List<String> names(List<NewTopic> topics) {
		return topics.stream().map(NewTopic::name).toList();
	}
}
