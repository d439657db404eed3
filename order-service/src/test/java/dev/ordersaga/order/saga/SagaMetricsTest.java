package dev.ordersaga.order.saga;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

class SagaMetricsTest {

	SimpleMeterRegistry meters = new SimpleMeterRegistry();

	SagaMetrics metrics = new SagaMetrics(meters);

	@AfterEach
	void endTransaction() {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	@Test
	void everyMeterExistsAtZeroBeforeTheFirstOrder() {
		assertThat(meters.get(SagaMetrics.PLACED).counter().count()).isZero();
		assertThat(meters.get(SagaMetrics.CONFIRMED).counter().count()).isZero();
		assertThat(meters.get(SagaMetrics.CANCELLED).counters()).hasSize(Order.CancellationReason.values().length);
		assertThat(meters.get(SagaMetrics.DURATION).timers()).extracting(timer -> timer.getId().getTag("outcome"))
			.containsExactlyInAnyOrder("confirmed", "cancelled");
	}

	@Test
	void countsATransitionOnlyOnceItsTransactionCommits() {
		TransactionSynchronizationManager.initSynchronization();
		metrics.placed();
		metrics.confirmed(orderPlaced(Duration.ofMillis(300)));

		assertThat(meters.get(SagaMetrics.PLACED).counter().count()).as("before the commit").isZero();
		commit();

		assertThat(meters.get(SagaMetrics.PLACED).counter().count()).isOne();
		assertThat(meters.get(SagaMetrics.CONFIRMED).counter().count()).isOne();
		Timer confirmed = meters.get(SagaMetrics.DURATION).tag("outcome", "confirmed").timer();
		assertThat(confirmed.count()).isOne();
		assertThat(confirmed.totalTime(TimeUnit.MILLISECONDS)).isBetween(300.0, 5_000.0);
		assertThat(cumulativeCount(confirmed, Duration.ofMillis(250))).isZero();
		assertThat(cumulativeCount(confirmed, Duration.ofSeconds(5))).isOne();
	}

	@Test
	void aRolledBackTransitionIsNotCounted() {
		TransactionSynchronizationManager.initSynchronization();
		metrics.cancelled(orderPlaced(Duration.ofSeconds(1)), Order.CancellationReason.OUT_OF_STOCK);

		rollBack();

		assertThat(meters.get(SagaMetrics.CANCELLED).counters()).allSatisfy(counter -> assertThat(counter.count()).isZero());
		assertThat(meters.get(SagaMetrics.DURATION).tag("outcome", "cancelled").timer().count()).isZero();
	}

	@Test
	void cancellationsAreCountedByReason() {
		metrics.cancelled(orderPlaced(Duration.ofSeconds(40)), Order.CancellationReason.TIMEOUT);

		assertThat(meters.get(SagaMetrics.CANCELLED).tag("reason", "TIMEOUT").counter().count()).isOne();
		assertThat(meters.get(SagaMetrics.CANCELLED).tag("reason", "PAYMENT_DECLINED").counter().count()).isZero();
		Timer cancelled = meters.get(SagaMetrics.DURATION).tag("outcome", "cancelled").timer();
		assertThat(cumulativeCount(cancelled, Duration.ofSeconds(30))).as("beyond the last bucket").isZero();
	}

	private static Order orderPlaced(Duration ago) {
		Instant placedAt = Instant.now().minus(ago);
		return Order.place(UUID.randomUUID(), "EUR", List.of(new Order.Line("MUG", 1, new BigDecimal("4.50"))), null,
				placedAt, placedAt.plus(Duration.ofMinutes(5)), null, null).order();
	}

	private static double cumulativeCount(Timer timer, Duration bucket) {
		for (CountAtBucket count : timer.takeSnapshot().histogramCounts()) {
			if (count.bucket(TimeUnit.NANOSECONDS) == bucket.toNanos()) {
				return count.count();
			}
		}
		throw new AssertionError("No bucket " + bucket);
	}

	private static void commit() {
		List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
		TransactionSynchronizationManager.clearSynchronization();
		synchronizations.forEach(TransactionSynchronization::afterCommit);
		synchronizations.forEach(synchronization -> synchronization.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));
	}

	private static void rollBack() {
		List<TransactionSynchronization> synchronizations = TransactionSynchronizationManager.getSynchronizations();
		TransactionSynchronizationManager.clearSynchronization();
		synchronizations.forEach(
				synchronization -> synchronization.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
	}
}
