package dev.ordersaga.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the messaging library, under {@code ordersaga.messaging}. Every value has a default
 * that suits a service of this suite; override them in {@code application.yml}.
 *
 * @param relay how the outbox relay claims and publishes rows
 * @param consumer how events are consumed, retried and dead-lettered
 * @param retention how long published outbox rows and processed inbox rows are kept
 * @param topics how the topics this service produces, and its dead-letter topic, are created
 */
@ConfigurationProperties("ordersaga.messaging")
public record MessagingProperties(@DefaultValue Relay relay, @DefaultValue Consumer consumer,
		@DefaultValue Retention retention, @DefaultValue Topics topics) {

	/**
	 * @param enabled whether this instance relays its outbox (any number of instances may)
	 * @param batchSize rows claimed and published per batch
	 * @param pollInterval the fallback poll when no commit notification arrives; also how often the
	 * LISTEN connection is probed, so a dead one is replaced within this interval
	 * @param sendTimeout how long a batch waits for Kafka's acknowledgements before its unacknowledged
	 * rows are retried (also the producer's delivery timeout)
	 * @param initialBackoff the first pause after a batch Kafka could not take, doubled per failure;
	 * also the first delay before a row Kafka refused is tried again
	 * @param maxBackoff the longest such pause or delay
	 * @param orderingBuckets how many advisory locks partition the aggregates between relay instances
	 * while they claim
	 * @param lease how long a claim owns its rows; a relay that dies leaves them to others after
	 * this. Must be at least twice the send timeout, so a live relay never loses rows it is sending
	 * @param parkAfter how many times Kafka may refuse a row for good (too large, invalid, not
	 * authorised) before the row is parked: out of the claim, its aggregate's later rows waiting
	 * behind it, listed by the admin API until an operator retries or discards it
	 */
	public record Relay(@DefaultValue("true") boolean enabled, @DefaultValue("500") int batchSize,
			@DefaultValue("1s") Duration pollInterval, @DefaultValue("10s") Duration sendTimeout,
			@DefaultValue("100ms") Duration initialBackoff, @DefaultValue("10s") Duration maxBackoff,
			@DefaultValue("256") int orderingBuckets, @DefaultValue("30s") Duration lease,
			@DefaultValue("5") int parkAfter) {

		public Relay {
			if (batchSize < 1) {
				throw new IllegalArgumentException("ordersaga.messaging.relay.batch-size must be at least 1, was " + batchSize);
			}
			if (Integer.bitCount(orderingBuckets) != 1) {
				throw new IllegalArgumentException(
						"ordersaga.messaging.relay.ordering-buckets must be a power of two, was " + orderingBuckets);
			}
			if (lease.compareTo(sendTimeout.multipliedBy(2)) < 0) {
				throw new IllegalArgumentException("ordersaga.messaging.relay.lease (" + lease
						+ ") must be at least twice ordersaga.messaging.relay.send-timeout (" + sendTimeout + ")");
			}
			if (parkAfter < 1) {
				throw new IllegalArgumentException(
						"ordersaga.messaging.relay.park-after must be at least 1, was " + parkAfter);
			}
		}
	}

	/**
	 * @param enabled whether this instance consumes the topics its handlers need
	 * @param groupId the consumer group; defaults to {@code spring.application.name}
	 * @param concurrency consumer threads (at most one per partition does work)
	 * @param maxRetries retries of a failing handler before the event is dead-lettered
	 * @param initialRetryInterval the first pause between retries, multiplied by {@code retryMultiplier}
	 * @param retryMultiplier growth of the pause between retries
	 * @param maxRetryInterval the longest pause between retries
	 */
	public record Consumer(@DefaultValue("true") boolean enabled, @org.jspecify.annotations.Nullable String groupId,
			@DefaultValue("3") int concurrency, @DefaultValue("4") int maxRetries,
			@DefaultValue("200ms") Duration initialRetryInterval, @DefaultValue("2.0") double retryMultiplier,
			@DefaultValue("5s") Duration maxRetryInterval) {
	}

	/**
	 * @param publishedOutbox how long a published outbox row is kept for inspection
	 * @param inbox how long a processed inbox row is kept; must exceed any redelivery window
	 * @param purgeInterval how often the purge runs
	 * @param purgeBatchSize rows deleted per purge statement, so a purge never holds long locks
	 */
	public record Retention(@DefaultValue("24h") Duration publishedOutbox, @DefaultValue("7d") Duration inbox,
			@DefaultValue("10m") Duration purgeInterval, @DefaultValue("10000") int purgeBatchSize) {
	}

	/**
	 * @param create whether to create the produced topics and the dead-letter topic at startup
	 * @param partitions partitions of each produced topic
	 * @param replicationFactor replication factor of every created topic
	 */
	public record Topics(@DefaultValue("true") boolean create, @DefaultValue("3") int partitions,
			@DefaultValue("1") short replicationFactor) {
	}
}
