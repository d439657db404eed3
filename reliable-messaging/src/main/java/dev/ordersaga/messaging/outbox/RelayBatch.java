package dev.ordersaga.messaging.outbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decisions of one relay batch, apart from Kafka and SQL so that they can be tested alone.
 * <p>
 * The claimed rows go out in waves: a wave holds the next row of every aggregate whose rows so far
 * were all acknowledged. A row of an aggregate is therefore sent only after Kafka acknowledged the
 * aggregate's earlier rows, and when one fails, the aggregate's later rows are not sent at all:
 * Kafka never holds a later event of an aggregate before an earlier one, even when the earlier one
 * is refused and the later one would have been taken. Most batches are one wave (an aggregate
 * rarely has two events pending at once); different aggregates always share the waves.
 */
final class RelayBatch {

	private final int claimed;

	private final Map<String, ArrayDeque<PendingEvent>> unsent = new LinkedHashMap<>();

	private final Set<String> blocked = new HashSet<>();

	private final List<PendingEvent> acknowledged = new ArrayList<>();

	private final List<Failed> failed = new ArrayList<>();

	private boolean stopped;

	/**
	 * @param claimed the claimed rows in position order, must not be {@literal null}
	 */
	RelayBatch(List<PendingEvent> claimed) {
		this.claimed = claimed.size();
		claimed.stream()
			.sorted(Comparator.comparingLong(PendingEvent::position))
			.forEach(event -> unsent.computeIfAbsent(event.aggregateKey(), key -> new ArrayDeque<>()).add(event));
	}

	/**
	 * Takes the next wave out of the unsent rows.
	 * @return the next row of every aggregate not blocked by a failure, in position order; empty when
	 * nothing is left to send or the batch was stopped
	 */
	List<PendingEvent> nextWave() {
		if (stopped) {
			return List.of();
		}
		List<PendingEvent> wave = new ArrayList<>();
		unsent.forEach((aggregate, rows) -> {
			if (!blocked.contains(aggregate) && !rows.isEmpty()) {
				wave.add(rows.poll());
			}
		});
		wave.sort(Comparator.comparingLong(PendingEvent::position));
		return wave;
	}

	/** Kafka acknowledged the row. */
	void acknowledged(PendingEvent event) {
		acknowledged.add(event);
	}

	/** The row failed: the aggregate's later rows stay unsent. */
	void failed(PendingEvent event, SendFailure failure) {
		failed.add(new Failed(event, failure));
		blocked.add(event.aggregateKey());
	}

	/** The row of a wave was not sent after all: it goes back in front of its aggregate's rows. */
	void notSent(PendingEvent event) {
		unsent.get(event.aggregateKey()).addFirst(event);
	}

	/** No further wave: Kafka is unavailable, or the send timeout has passed. */
	void stop() {
		stopped = true;
	}

	/** @return what became of every claimed row */
	Outcome outcome() {
		List<PendingEvent> notSent = new ArrayList<>();
		unsent.values().forEach(notSent::addAll);
		return new Outcome(claimed, List.copyOf(acknowledged), List.copyOf(failed), List.copyOf(notSent));
	}

	/**
	 * A row that failed, and why.
	 * @param event the row
	 * @param failure why
	 */
	record Failed(PendingEvent event, SendFailure failure) {
	}

	/**
	 * What became of a batch's rows.
	 * @param claimed how many rows the batch claimed
	 * @param published rows Kafka acknowledged
	 * @param failed rows that failed, each with its reason
	 * @param unsent rows never sent (behind a failed row of their aggregate, or left when the batch
	 * stopped)
	 */
	record Outcome(int claimed, List<PendingEvent> published, List<Failed> failed, List<PendingEvent> unsent) {

		/** @return whether a row failed because Kafka was unavailable rather than refusing it */
		boolean kafkaUnavailable() {
			return failed.stream().anyMatch(failure -> !failure.failure().refused());
		}

		/** @return the rows Kafka refused for good */
		List<Failed> refused() {
			return failed.stream().filter(failure -> failure.failure().refused()).toList();
		}

		/** @return the rows that failed because Kafka was unavailable */
		List<Failed> unavailable() {
			return failed.stream().filter(failure -> !failure.failure().refused()).toList();
		}
	}
}
