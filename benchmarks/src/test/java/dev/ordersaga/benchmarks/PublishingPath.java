package dev.ordersaga.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A way to get events committed with a business transaction onto Kafka: our outbox and relay, or
 * the peer. The benchmark drives every path through this interface, so each is measured the same way.
 */
public interface PublishingPath extends AutoCloseable {

	/** @return a short name for the results table, never {@literal null} */
	String name();

	/** @return the topic this path's events end up on, never {@literal null} */
	String topic();

	/**
	 * Publishes one event per order in a single transaction, as a backlog that lands at once.
	 * @param orderIds the events' orders (their Kafka keys), must not be {@literal null}
	 * @param onCommit runs right after the commit, in the committing thread, must not be {@literal null}
	 */
	void commitBacklog(List<UUID> orderIds, Runnable onCommit);

	/**
	 * Publishes one event in a transaction of its own.
	 * @param orderId the event's order (its Kafka key), must not be {@literal null}
	 * @param onCommit runs right after the commit, in the committing thread, must not be {@literal null}
	 */
	void commitOne(UUID orderId, Runnable onCommit);

	/**
	 * Waits until the path has recorded every event as published in its own tables.
	 * @throws org.awaitility.core.ConditionTimeoutException when it has not within the timeout
	 */
	void awaitAllMarkedPublished(Duration timeout);

	/** Deletes what the path keeps about published events, so the next phase starts from an empty table. */
	void cleanUp();

	@Override
	void close();
}
