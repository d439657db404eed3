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
	 * @param pollInterval the fallback poll when no commit notification arrives (rows whose lease ran
	 * out, notifications lost with their connection); also how often the LISTEN connection is probed,
	 * so a dead one is replaced within this interval. Rows Kafka refused are looked at again after
	 * their retry delay, sooner than this
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
			@DefaultValue("5s") Duration pollInterval, @DefaultValue("10s") Duration sendTimeout,
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
	 * How events are consumed and what happens when handling one fails. A failure is either
	 * <em>transient</em> (the database or the broker cannot be reached, a connection pool timed out,
	 * a serialization failure or deadlock, see {@code inbox.TransientFailures}) or <em>permanent</em>
	 * (anything else: a bug, a broken invariant):
	 * <ul>
	 * <li>a transient failure is retried with exponential backoff ({@code initialRetryInterval},
	 * {@code retryMultiplier}, capped at {@code maxRetryInterval}) <em>until it succeeds</em>, however
	 * long the outage lasts; the partition waits meanwhile, so no later event of it (of the same
	 * aggregate or another) is handled before the failing one, and nothing is dead-lettered;</li>
	 * <li>a permanent failure is retried {@code maxRetries} times with the same backoff and then
	 * published to the service's dead-letter topic, and the partition moves on;</li>
	 * <li>an event that can never be handled (malformed, violates its schema, came on another topic
	 * than its type's or from another producer than that topic's owner) is dead-lettered at once.</li>
	 * </ul>
	 * When the kind of failure of one record changes (a permanent failure, then an outage, or the
	 * reverse), its retries start again with the backoff of the new kind. Retries are counted in
	 * {@code inbox.retries{kind=transient|permanent}}; a transient retry is logged at WARN on the 1st,
	 * 2nd, 4th, 8th... attempt, so a long outage does not flood the log.
	 *
	 * @param enabled whether this instance consumes the topics its handlers need
	 * @param groupId the consumer group; defaults to {@code spring.application.name}
	 * @param concurrency consumer threads (at most one per partition does work). One thread takes the
	 * records of every partition it polls and applies them in batches of up to {@code batchSize}; on
	 * a few cores that does more with less than several threads with smaller batches. A service
	 * scales out by instances
	 * @param maxRetries retries of a permanently failing handler before the event is dead-lettered;
	 * at least 0
	 * @param initialRetryInterval the first pause between retries, multiplied by {@code retryMultiplier};
	 * positive
	 * @param retryMultiplier growth of the pause between retries; at least 1
	 * @param maxRetryInterval the longest pause between retries; at least {@code initialRetryInterval}
	 * and at most 1 minute, well below Kafka's {@code max.poll.interval.ms} (5 minutes by default),
	 * because the consumer does not poll while it waits and would otherwise leave its group
	 * @param verifyOrigin whether an event must have come on the topic its type belongs to, from
	 * that topic's owner ({@code envelope.producer}); one that did not (a forged or misrouted event)
	 * is dead-lettered with the reason
	 * @param batchSize the most records of one poll applied in one database transaction; at least 1
	 * (1: a transaction per record). A batch that fails is rolled back and its records applied one
	 * transaction each, so a failure is retried or dead-lettered alone, as with 1
	 */
	public record Consumer(@DefaultValue("true") boolean enabled, @org.jspecify.annotations.Nullable String groupId,
			@DefaultValue("1") int concurrency, @DefaultValue("4") int maxRetries,
			@DefaultValue("200ms") Duration initialRetryInterval, @DefaultValue("2.0") double retryMultiplier,
			@DefaultValue("5s") Duration maxRetryInterval, @DefaultValue("true") boolean verifyOrigin,
			@DefaultValue("100") int batchSize) {

		static final Duration LONGEST_RETRY_INTERVAL = Duration.ofMinutes(1);

		public Consumer {
			if (batchSize < 1) {
				throw new IllegalArgumentException("ordersaga.messaging.consumer.batch-size must be at least 1, was "
						+ batchSize);
			}
			if (maxRetries < 0) {
				throw new IllegalArgumentException("ordersaga.messaging.consumer.max-retries must be at least 0, was "
						+ maxRetries);
			}
			if (initialRetryInterval.isNegative() || initialRetryInterval.isZero()) {
				throw new IllegalArgumentException(
						"ordersaga.messaging.consumer.initial-retry-interval must be positive, was " + initialRetryInterval);
			}
			if (retryMultiplier < 1) {
				throw new IllegalArgumentException(
						"ordersaga.messaging.consumer.retry-multiplier must be at least 1, was " + retryMultiplier);
			}
			if (maxRetryInterval.compareTo(initialRetryInterval) < 0
					|| maxRetryInterval.compareTo(LONGEST_RETRY_INTERVAL) > 0) {
				throw new IllegalArgumentException("ordersaga.messaging.consumer.max-retry-interval must lie between "
						+ "initial-retry-interval (" + initialRetryInterval + ") and " + LONGEST_RETRY_INTERVAL
						+ " (the consumer does not poll while it waits), was " + maxRetryInterval);
			}
		}
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
	 * The topics this service owns: the ones it produces (its producer in
	 * {@code dev.ordersaga.contracts.Topics}) and its dead-letter topic. Only the owner creates a
	 * topic, at startup, when it is missing; nobody alters an existing topic, neither its partitions
	 * (adding partitions moves keys to other partitions and breaks the order of each aggregate's
	 * events) nor its configuration: an existing topic whose partition count differs from
	 * {@code partitions} is left alone with a warning. A consumer never creates the topics it
	 * consumes; it waits until their owner has created them.
	 * <p>
	 * The defaults suit one local broker. In production use at least {@code replication-factor: 3}
	 * and {@code min-insync-replicas: 2}, so an acknowledged event survives the loss of a broker and
	 * producing goes on while one broker is down.
	 *
	 * @param create whether to create this service's missing topics at startup
	 * @param partitions partitions of each produced topic; at least 1, fixed once the topic exists
	 * @param replicationFactor replication factor of every created topic; at least 1
	 * @param minInsyncReplicas {@code min.insync.replicas} of every created topic; between 1 and
	 * {@code replicationFactor}
	 * @param retention how long a produced topic keeps its events; {@literal null} (the default) keeps
	 * them for ever, as the saga topics are the record that analytics rebuilds its views from
	 * @param deadLetterRetention how long the dead-letter topic keeps a parked event: replay or export
	 * it before then; positive
	 */
	public record Topics(@DefaultValue("true") boolean create, @DefaultValue("3") int partitions,
			@DefaultValue("1") short replicationFactor, @DefaultValue("1") short minInsyncReplicas,
			@org.jspecify.annotations.Nullable Duration retention, @DefaultValue("28d") Duration deadLetterRetention) {

		public Topics {
			if (partitions < 1) {
				throw new IllegalArgumentException("ordersaga.messaging.topics.partitions must be at least 1, was "
						+ partitions);
			}
			if (replicationFactor < 1) {
				throw new IllegalArgumentException(
						"ordersaga.messaging.topics.replication-factor must be at least 1, was " + replicationFactor);
			}
			if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
				throw new IllegalArgumentException("ordersaga.messaging.topics.min-insync-replicas must lie between 1 "
						+ "and replication-factor (" + replicationFactor + "), was " + minInsyncReplicas);
			}
			if (retention != null && (retention.isNegative() || retention.isZero())) {
				throw new IllegalArgumentException(
						"ordersaga.messaging.topics.retention must be positive or unset (for ever), was " + retention);
			}
			if (deadLetterRetention.isNegative() || deadLetterRetention.isZero()) {
				throw new IllegalArgumentException(
						"ordersaga.messaging.topics.dead-letter-retention must be positive, was " + deadLetterRetention);
			}
		}
	}
}
