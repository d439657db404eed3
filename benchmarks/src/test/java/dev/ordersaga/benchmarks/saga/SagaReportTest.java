package dev.ordersaga.benchmarks.saga;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ordersaga.benchmarks.LatencySummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
		StepResult step = new StepResult(100, 500, 2500, 0, 50.0, 50.0, Map.of("CONFIRMED", 500L), 0, latency(80), latency(50),
				latency(10), 2.0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), RelayHops.NONE);

		assertThat(step.saturated()).isTrue();
		assertThat(SagaReport.tables(List.of(step), GOAL)).contains("only 50.0 orders/s were accepted")
			.contains("2500 orders failed or got no answer (not 429)");
	}

	@Test
	void aStepThatShedLoadAtTheDoorAndKeptItsOrdersGoesOnButIsNotSustained() {
		StepResult step = new StepResult(100, 1000, 2000, 2000, 33.3, 33.3, Map.of("CONFIRMED", 1000L), 0,
				latency(3000), latency(2900), latency(10), 2.0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
				RelayHops.NONE);

		assertThat(step.saturated()).isFalse();
		assertThat(SagaReport.highestUnder(List.of(step(10, 120, 0, 3), step), GOAL))
			.hasValueSatisfying(best -> assertThat(best.rate()).isEqualTo(10));
		assertThat(SagaReport.tables(List.of(step), GOAL)).contains("| 100 | 1000 | 2000 | 33.3 | 33.3 | 1000 | 0 | 0 | 0 |");
	}

	@Test
	void acceptedOrdersCancelledByTheirDeadlineFailTheStepEvenWhenItShedLoad() {
		StepResult step = new StepResult(100, 1000, 2000, 2000, 33.3, 33.3,
				Map.of("CONFIRMED", 995L, "CANCELLED TIMEOUT", 5L), 0, latency(3000), latency(2900), latency(10), 2.0,
				Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), RelayHops.NONE);

		assertThat(step.saturated()).isTrue();
		assertThat(SagaReport.tables(List.of(step), GOAL))
			.contains("Saturated at 100 orders/s: 5 accepted orders were cancelled by their deadline (TIMEOUT)");
	}

	@Test
	void tablesShowEveryStepWithQueuesCpuAndMemory() {
		StepResult step = new StepResult(10, 300, 0, 0, 10.0, 9.9, Map.of("CONFIRMED", 290L, "CANCELLED TIMEOUT", 10L), 0,
				latency(120), latency(80), latency(15), 1.5, Map.of("order-service", 7L), Map.of("payment-service", 12L),
				Map.of("postgres", 40.0, "order-service", 25.5), Map.of("order-service", 100L * 1048576),
				Map.of("order-service", 300L * 1048576, "postgres", 200L * 1048576), RelayHops.NONE);

		String tables = SagaReport.tables(List.of(step), GOAL);

		assertThat(tables).contains("| 10 | 300 | 0 | 10.0 | 9.9 | 290 | 10 | 10 | 0 | 60.0 | 108 | 120 | 120 | 80.0 | 15.0 | 1.5 |")
			.contains("| 10 | 7 / 0 | 0 / 12 | 0 / 0 |")
			.contains("| 10 | 40 | 0 | 0 | 0 | 26 |")
			.doesNotContain("zipkin")
			.contains("heap 100, RSS 300")
			.contains("RSS 200");
	}

	@Test
	void aZipkinServerThatRanHasItsColumnsInTheCpuAndMemoryTables() {
		StepResult step = new StepResult(10, 300, 0, 0, 10.0, 10.0, Map.of("CONFIRMED", 300L), 0, latency(120),
				latency(80), latency(15), 1.5, Map.of(), Map.of(), Map.of("postgres", 40.0, "zipkin", 12.0),
				Map.of(), Map.of("zipkin", 250L * 1048576), RelayHops.NONE);

		String tables = SagaReport.tables(List.of(step), GOAL);

		assertThat(tables).contains("| Orders/s | postgres | kafka | smtp | zipkin | auth-server |")
			.contains("| 10 | 40 | 0 | 0 | 12 | 0 |")
			.contains("RSS 250");
	}

	@Test
	void slowShareIsTheSlowHopsInPercentOfAllHops() {
		assertThat(new RelayHops.Hops(1200, 20, 95, 140, 9).slowPercent()).isCloseTo(0.75, within(1e-9));
		assertThat(new RelayHops.Hops(3, 20, 150, 150, 3).slowPercent()).isCloseTo(100.0, within(1e-9));
		assertThat(RelayHops.Hops.NONE.slowPercent()).as("no hops: nothing slow, not a division by zero").isZero();
	}

	@Test
	void relayHopsTableShowsEveryStepWithItsWorstServiceByP99() {
		RelayHops ten = new RelayHops(new RelayHops.Hops(1200, 12.34, 95.0, 140.2, 9),
				Map.of("order-service", new RelayHops.Hops(600, 10, 60, 90, 0),
						"payment-service", new RelayHops.Hops(300, 15, 120.4, 140.2, 6),
						"inventory-service", new RelayHops.Hops(300, 14, 99, 130, 3)));
		RelayHops twenty = new RelayHops(new RelayHops.Hops(2400, 40, 250, 900, 600),
				Map.of("order-service", new RelayHops.Hops(2400, 40, 250, 900, 600)));

		String tables = SagaReport.tables(List.of(step(10, 120, 0, 2, ten), step(20, 200, 0, 3, twenty)), GOAL);

		assertThat(tables).contains("Relay hops: outbox insert → published, per step")
			.contains("| Orders/s asked | Hops | p50 ms | p99 ms | max ms | Over 100 ms (%) | Worst service by p99 |")
			.contains("| 10 | 1200 | 12.3 | 95.0 | 140 | 0.75 | payment-service (120 ms) |")
			.contains("| 20 | 2400 | 40.0 | 250 | 900 | 25.00 | order-service (250 ms) |");
	}

	@Test
	void aStepWithoutRelayHopsShowsDashes() {
		assertThat(SagaReport.tables(List.of(step(5, 100, 0, 1)), GOAL)).contains("| 5 | 0 | – | – | – | – | – |");
	}

	@Test
	void relayHopsTableSitsBetweenQueuesAndCpu() {
		String tables = SagaReport.tables(List.of(step(10, 120, 0, 2)), GOAL);

		assertThat(tables.indexOf("Queues, the most seen")).isLessThan(tables.indexOf("Relay hops:"));
		assertThat(tables.indexOf("Relay hops:")).isLessThan(tables.indexOf("CPU while the orders were placed"));
	}

	private static StepResult step(int rate, double p99, int unfinished, double quietAfter) {
		return step(rate, p99, unfinished, quietAfter, RelayHops.NONE);
	}

	private static StepResult step(int rate, double p99, int unfinished, double quietAfter, RelayHops hops) {
		return new StepResult(rate, rate * 30, 0, 0, rate, rate, Map.of("CONFIRMED", (long) rate * 30), unfinished,
				latency(p99), latency(p99 / 2), latency(5), quietAfter, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
				hops);
	}

	private static LatencySummary latency(double p99) {
		return new LatencySummary(100, 0, p99 / 2, p99 * 0.9, p99, p99);
	}

	@Test
	void theIdleSuiteIsSummedOverItsProcessesAndLeftOutWhenNotMeasured() {
		String idle = SagaReport.idle(Map.of("postgres", 1.5, "kafka", 2.0, "order-service", 0.5),
				Duration.ofSeconds(60), Duration.ofSeconds(30));

		assertThat(idle).contains("**Idle suite: 4.0 % of one core**").contains("measured for 60 s from 30 s after")
			.contains("| postgres | kafka | order-service | total |").contains("| % of one core | 1.5 | 2.0 | 0.5 | 4.0 |");
		assertThat(SagaReport.idle(Map.of(), Duration.ofSeconds(60), Duration.ofSeconds(30))).isEmpty();
	}
}
