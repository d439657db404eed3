package dev.ordersaga.messaging.outbox;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelayBatchTest {

	@Test
	void firstWaveHoldsTheEarliestRowOfEveryAggregateInPositionOrder() {
		RelayBatch batch = new RelayBatch(List.of(row(1, "a"), row(2, "b"), row(3, "a"), row(4, "c"), row(5, "b")));

		assertThat(batch.nextWave()).extracting(PendingEvent::position).containsExactly(1L, 2L, 4L);
	}

	@Test
	void laterRowGoesOutOnlyInTheWaveAfterItsEarlierRowWasAcknowledged() {
		RelayBatch batch = new RelayBatch(List.of(row(1, "a"), row(2, "a"), row(3, "a")));

		List<PendingEvent> first = batch.nextWave();
		assertThat(first).extracting(PendingEvent::position).containsExactly(1L);
		batch.acknowledged(first.get(0));
		List<PendingEvent> second = batch.nextWave();
		assertThat(second).extracting(PendingEvent::position).containsExactly(2L);
		batch.acknowledged(second.get(0));
		assertThat(batch.nextWave()).extracting(PendingEvent::position).containsExactly(3L);
	}

	@Test
	void aggregateWhoseRowFailedSendsNothingMoreWhileOthersGoOn() {
		RelayBatch batch = new RelayBatch(List.of(row(1, "a"), row(2, "b"), row(3, "a"), row(4, "b")));

		List<PendingEvent> first = batch.nextWave();
		batch.failed(first.get(0), new SendFailure("RecordTooLargeException: too large", true));
		batch.acknowledged(first.get(1));

		List<PendingEvent> second = batch.nextWave();
		assertThat(second).extracting(PendingEvent::position).containsExactly(4L);
		batch.acknowledged(second.get(0));
		assertThat(batch.nextWave()).isEmpty();
		RelayBatch.Outcome outcome = batch.outcome();
		assertThat(outcome.published()).extracting(PendingEvent::position).containsExactly(2L, 4L);
		assertThat(outcome.refused()).extracting(failed -> failed.event().position()).containsExactly(1L);
		assertThat(outcome.unsent()).extracting(PendingEvent::position).containsExactly(3L);
		assertThat(outcome.kafkaUnavailable()).isFalse();
	}

	@Test
	void stoppedBatchSendsNoFurtherWaveAndLeavesTheRestUnsent() {
		RelayBatch batch = new RelayBatch(List.of(row(1, "a"), row(2, "b"), row(3, "a")));

		List<PendingEvent> first = batch.nextWave();
		batch.failed(first.get(0), new SendFailure("TimeoutException: no metadata", false));
		batch.notSent(first.get(1));
		batch.stop();

		assertThat(batch.nextWave()).isEmpty();
		RelayBatch.Outcome outcome = batch.outcome();
		assertThat(outcome.kafkaUnavailable()).isTrue();
		assertThat(outcome.unavailable()).extracting(failed -> failed.event().position()).containsExactly(1L);
		assertThat(outcome.unsent()).extracting(PendingEvent::position).containsExactlyInAnyOrder(2L, 3L);
		assertThat(outcome.published()).isEmpty();
	}

	@Test
	void rowPutBackAfterAWaveComesFirstAgain() {
		RelayBatch batch = new RelayBatch(List.of(row(1, "a"), row(2, "a")));

		batch.notSent(batch.nextWave().get(0));

		assertThat(batch.nextWave()).extracting(PendingEvent::position).containsExactly(1L);
	}

	private static PendingEvent row(long position, String aggregate) {
		return new PendingEvent(position, UUID.randomUUID(), "orders.v1", "Order", aggregate, "OrderPlaced", 2, null,
				"{}");
	}
}
