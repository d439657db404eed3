package dev.ordersaga.benchmarks;

import java.util.HashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencySummaryTest {

	@Test
	void summarisesPercentilesInMilliseconds() {
		Histogram micros = LatencySummary.histogram();
		for (int millis = 1; millis <= 100; millis++) {
			micros.recordValue(millis * 1_000L);
		}

		LatencySummary summary = LatencySummary.of(micros, 0);

		assertThat(summary.count()).isEqualTo(100);
		assertThat(summary.p50Millis()).isCloseTo(50, within(0.1));
		assertThat(summary.p95Millis()).isCloseTo(95, within(0.1));
		assertThat(summary.p99Millis()).isCloseTo(99, within(0.1));
		assertThat(summary.maxMillis()).isCloseTo(100, within(0.1));
	}

	@Test
	void matchesStartsAndEndsByKey() {
		Map<String, Long> starts = Map.of("a", 1_000_000L, "b", 5_000_000L);
		Map<String, Long> ends = Map.of("a", 3_000_000L, "b", 9_000_000L);

		LatencySummary summary = LatencySummary.between(starts, ends);

		assertThat(summary.count()).isEqualTo(2);
		assertThat(summary.p50Millis()).isCloseTo(2, within(0.01));
		assertThat(summary.maxMillis()).isCloseTo(4, within(0.01));
		assertThat(summary.missing()).isZero();
	}

	@Test
	void countsStartsWithoutEndAsMissingAndIgnoresEndsWithoutStart() {
		Map<String, Long> starts = Map.of("a", 0L, "lost", 0L);
		Map<String, Long> ends = new HashMap<>(Map.of("a", 2_000_000L, "from-an-earlier-phase", 1L));

		LatencySummary summary = LatencySummary.between(starts, ends);

		assertThat(summary.count()).isEqualTo(1);
		assertThat(summary.missing()).isEqualTo(1);
	}

	@Test
	void anEndSeenJustBeforeItsStartCountsAsZero() {
		LatencySummary summary = LatencySummary.between(Map.of("a", 10_000L), Map.of("a", 9_000L));

		assertThat(summary.count()).isEqualTo(1);
		assertThat(summary.maxMillis()).isZero();
	}

	@Test
	void anEmptyMeasurementIsAllZero() {
		LatencySummary summary = LatencySummary.of(LatencySummary.histogram(), 3);

		assertThat(summary).isEqualTo(new LatencySummary(0, 3, 0, 0, 0, 0));
	}
}
