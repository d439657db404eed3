package dev.ordersaga.benchmarks;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FixedRateTest {

	@Test
	void runsEveryScheduledEventExactlyOnce() {
		Set<Integer> seen = ConcurrentHashMap.newKeySet();

		FixedRate.Outcome outcome = FixedRate.run(400, Duration.ofMillis(500), 3, seen::add);

		assertThat(outcome.scheduled()).isEqualTo(200);
		assertThat(outcome.events()).isEqualTo(200);
		assertThat(seen).hasSize(200).allMatch(i -> i >= 0 && i < 200);
	}

	@Test
	void dropsWhatIsStillWaitingWhenTheScheduleEnds() {
		// One thread, 10 ms per event, 100 events due within 100 ms: about eleven fit.
		FixedRate.Outcome outcome = FixedRate.run(1_000, Duration.ofMillis(100), 1,
				i -> LockSupport.parkNanos(Duration.ofMillis(10).toNanos()));

		assertThat(outcome.scheduled()).isEqualTo(100);
		assertThat(outcome.events()).isBetween(1, 50);
		assertThat(outcome.perSecond()).isLessThan(1_000);
	}

	@Test
	void keepsToTheScheduleInsteadOfRacingAhead() {
		FixedRate.Outcome outcome = FixedRate.run(1_000, Duration.ofMillis(200), 2, i -> {
		});

		// The last event is due 199 ms after the first.
		assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(199));
	}

	@Test
	void stopsAndReportsTheFirstFailure() {
		assertThatIllegalStateException().isThrownBy(() -> FixedRate.run(1_000, Duration.ofMillis(50), 2, i -> {
			if (i == 3) {
				throw new IllegalArgumentException("event 3 failed");
			}
		})).havingCause().withMessage("event 3 failed");
	}
}
