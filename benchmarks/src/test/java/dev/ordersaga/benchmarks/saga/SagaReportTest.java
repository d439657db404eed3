package dev.ordersaga.benchmarks.saga;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ordersaga.benchmarks.LatencySummary;

import static org.assertj.core.api.Assertions.assertThat;

class SagaReportTest {

	private static final Duration GOAL = Duration.ofMillis(250);

	@Test
	void theVerdictIsTheHighestRateUnderTheGoalNotTheLastOne() {
		List<StepResult> steps = List.of(step(10, 120, 0, 3), step(25, 240, 0, 3), step(50, 400, 0, 3));

		assertThat(SagaReport.highestUnder(steps, GOAL)).hasValueSatisfying(step -> assertThat(step.rate()).isEqualTo(25));
		assertThat(SagaReport.tables(steps, GOAL)).contains("**Highest rate with p99 under 250 ms: 25 orders/s**");
	}

	@Test
	void aSaturatedStepIsNeverTheVerdictAndIsExplained() {
		StepResult unfinished = step(10, 100, 4, 3);
		StepResult notQuiet = step(20, 100, 0, -1);

		assertThat(unfinished.saturated()).isTrue();
		assertThat(notQuiet.saturated()).isTrue();
		assertThat(SagaReport.highestUnder(List.of(unfinished, notQuiet), GOAL)).isEmpty();
		assertThat(SagaReport.tables(List.of(unfinished), GOAL))
			.contains("**No rate of the sweep kept p99 under 250 ms.**")
			.contains("Saturated at 10 orders/s: 4 orders had not ended when the drain gave up");
	}

	@Test
	void aRateTheSuiteDidNotAcceptIsSaturated() {
		StepResult step = new StepResult(100, 500, 2500, 50.0, 50.0, Map.of("CONFIRMED", 500L), 0, latency(80), latency(50),
				latency(10), 2.0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

		assertThat(step.saturated()).isTrue();
		assertThat(SagaReport.tables(List.of(step), GOAL)).contains("only 50.0 orders/s were accepted");
	}

	@Test
	void tablesShowEveryStepWithQueuesCpuAndMemory() {
		StepResult step = new StepResult(10, 300, 0, 10.0, 9.9, Map.of("CONFIRMED", 290L, "CANCELLED TIMEOUT", 10L), 0,
				latency(120), latency(80), latency(15), 1.5, Map.of("order-service", 7L), Map.of("payment-service", 12L),
				Map.of("postgres", 40.0, "order-service", 25.5), Map.of("order-service", 100L * 1048576),
				Map.of("order-service", 300L * 1048576, "postgres", 200L * 1048576));

		String tables = SagaReport.tables(List.of(step), GOAL);

		assertThat(tables).contains("| 10 | 10.0 | 9.9 | 290 | 10 | 0 | 60.0 | 108 | 120 | 120 | 80.0 | 15.0 | 1.5 |")
			.contains("| 10 | 7 / 0 | 0 / 12 | 0 / 0 |")
			.contains("| 10 | 40 | 0 | 0 | 26 |")
			.contains("heap 100, RSS 300")
			.contains("RSS 200");
	}

	private static StepResult step(int rate, double p99, int unfinished, double quietAfter) {
		return new StepResult(rate, rate * 30, 0, rate, rate, Map.of("CONFIRMED", (long) rate * 30), unfinished,
				latency(p99), latency(p99 / 2), latency(5), quietAfter, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
	}

	private static LatencySummary latency(double p99) {
		return new LatencySummary(100, 0, p99 / 2, p99 * 0.9, p99, p99);
	}
}
