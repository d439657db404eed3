package dev.ordersaga.benchmarks.saga;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.ordersaga.faults.Suite;

/** The sweep's results as Markdown: throughput and latency, queues, relay hops, CPU, memory, and the verdict. */
final class SagaReport {

	/** The processes of the CPU and memory tables, in this order (Zipkin only when it runs: {@code bench.zipkin}). */
	static final List<String> PROCESSES = java.util.stream.Stream.of(List.of("postgres", "kafka", "smtp", "zipkin",
			"auth-server"), Suite.SERVICES, List.of("load")).flatMap(List::stream).toList();

	private SagaReport() {
	}

	/**
	 * @param steps the sweep, in the order run
	 * @param target the p99 goal
	 * @return the highest rate whose p99 stayed under the goal with nothing refused, unfinished or
	 * saturated, empty when none did
	 */
	static Optional<StepResult> highestUnder(List<StepResult> steps, Duration target) {
		return steps.stream()
			.filter(step -> !step.saturated() && step.shed() == 0 && step.latency().count() > 0
					&& step.latency().p99Millis() < target.toMillis())
			.reduce((lower, higher) -> higher.rate() > lower.rate() ? higher : lower);
	}

	/** @return the sum of a CPU table, % of one core */
	static double total(Map<String, Double> cpu) {
		return cpu.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	/**
	 * @param cpu CPU of each process of the idle suite, % of one core; empty when it was not measured
	 * @param length how long it was measured
	 * @param afterStart how long after the suite's start the measurement began
	 * @return the idle suite's paragraph, empty when it was not measured
	 */
	static String idle(Map<String, Double> cpu, Duration length, Duration afterStart) {
		if (cpu.isEmpty()) {
			return "";
		}
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
				"**Idle suite: %.1f %% of one core**, summed over every process, measured for %d s from %d s after "
						+ "`./suite start`, before any order:%n%n",
				total(cpu), length.toSeconds(), afterStart.toSeconds()));
		List<String> names = PROCESSES.stream().filter(cpu::containsKey).toList();
		List<String> withTotal = new java.util.ArrayList<>(names);
		withTotal.add("total");
		text.append(header("", withTotal));
		text.append("| % of one core | ")
			.append(String.join(" | ", withTotal.stream()
				.map(name -> String.format(Locale.ROOT, "%.1f", "total".equals(name) ? total(cpu) : cpu.get(name)))
				.toList()))
			.append(" |\n");
		return text.append('\n').toString();
	}

	/** @return the tables of the sweep and the verdict against the goal */
	static String tables(List<StepResult> steps, Duration target) {
		StringBuilder text = new StringBuilder();
		Optional<StepResult> best = highestUnder(steps, target);
		text.append(best.map(step -> String.format(Locale.ROOT,
				"**Highest rate with p99 under %d ms: %d orders/s** (p99 %.0f ms, %.1f orders/s ended).%n%n",
				target.toMillis(), step.rate(), step.latency().p99Millis(), step.endedPerSecond()))
			.orElse(String.format(Locale.ROOT, "**No rate of the sweep kept p99 under %d ms.**%n%n", target.toMillis())));
		steps.stream().filter(StepResult::saturated).findFirst().ifPresent(step -> text.append(String.format(
				Locale.ROOT, "Saturated at %d orders/s: %s. The sweep stopped there.%n%n", step.rate(), why(step))));

		text.append("Latency from each order's due time to its terminal event (ms), and throughput:\n\n");
		text.append("| Orders/s asked | Accepted | Refused (429) | Placed/s | Ended/s | Confirmed | Cancelled | Timed out "
				+ "| Unfinished | p50 | p95 | p99 | max | Saga p99 (OrderPlaced → end) | HTTP p99 | Quiet after (s) |\n");
		text.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (StepResult step : steps) {
			long confirmed = step.outcomes().getOrDefault("CONFIRMED", 0L);
			long cancelled = step.outcomes().values().stream().mapToLong(Long::longValue).sum() - confirmed;
			text.append(String.format(Locale.ROOT,
					"| %d | %d | %d | %.1f | %.1f | %d | %d | %d | %d | %s | %s | %s | %s | %s | %s | %s |%n", step.rate(),
					step.accepted(), step.shed(), step.placedPerSecond(), step.endedPerSecond(), confirmed, cancelled,
					step.timedOut(), step.unfinished(),
					millis(step.latency().p50Millis()), millis(step.latency().p95Millis()),
					millis(step.latency().p99Millis()), millis(step.latency().maxMillis()),
					millis(step.saga().p99Millis()), millis(step.http().p99Millis()),
					step.quietAfterSeconds() < 0 ? "not quiet" : String.format(Locale.ROOT, "%.1f", step.quietAfterSeconds())));
		}

		text.append("\nQueues, the most seen (sampled every second): outbox rows not yet on Kafka / records on Kafka "
				+ "the service's consumer group had not read:\n\n");
		text.append(header("Orders/s", Suite.SERVICES));
		for (StepResult step : steps) {
			text.append(row(step.rate(), Suite.SERVICES, service -> step.outboxPeak().getOrDefault(service, 0L) + " / "
					+ step.lagPeak().getOrDefault(service, 0L)));
		}

		text.append(relayHops(steps));

		text.append("\nCPU while the orders were placed, % of one core (the machine has ")
			.append(Runtime.getRuntime().availableProcessors())
			.append("; `load` is the benchmark itself):\n\n");
		List<String> processes = measured(steps);
		List<String> withTotal = new java.util.ArrayList<>(processes);
		withTotal.add("total");
		text.append(header("Orders/s", withTotal));
		for (StepResult step : steps) {
			double total = step.cpuPercent().values().stream().mapToDouble(Double::doubleValue).sum();
			text.append(row(step.rate(), withTotal, name -> String.format(Locale.ROOT, "%.0f",
					"total".equals(name) ? total : step.cpuPercent().getOrDefault(name, 0.0))));
		}

		text.append("\nMemory, the most seen (MiB): heap in use for the services (read every 5 s), resident set for every "
				+ "process (every second):\n\n");
		text.append(header("Orders/s", processes));
		for (StepResult step : steps) {
			text.append(row(step.rate(), processes, name -> {
				String resident = mebibytes(step.residentPeakBytes().getOrDefault(name, 0L));
				Long heap = step.heapPeakBytes().get(name);
				return heap == null ? "RSS " + resident : "heap " + mebibytes(heap) + ", RSS " + resident;
			}));
		}
		return text.toString();
	}

	/** The columns of the CPU and memory tables: {@link #PROCESSES}, Zipkin only where a step measured it. */
	static List<String> measured(List<StepResult> steps) {
		boolean zipkin = steps.stream().anyMatch(step -> step.cpuPercent().containsKey("zipkin"));
		return PROCESSES.stream().filter(name -> zipkin || !"zipkin".equals(name)).toList();
	}

	private static String relayHops(List<StepResult> steps) {
		long slow = RelayHops.SLOW.toMillis();
		StringBuilder text = new StringBuilder();
		text.append("\nRelay hops: outbox insert → published, per step (`published_at - created_at` of the outbox rows "
				+ "of every service created while the step placed orders, read after the drain; ms):\n\n");
		text.append("| Orders/s asked | Hops | p50 ms | p99 ms | max ms | Over " + slow
				+ " ms (%) | Worst service by p99 |\n");
		text.append("|---:|---:|---:|---:|---:|---:|---|\n");
		for (StepResult step : steps) {
			RelayHops.Hops all = step.relayHops().all();
			if (all.count() == 0) {
				text.append("| " + step.rate() + " | 0 | – | – | – | – | – |\n");
				continue;
			}
			String worst = step.relayHops().worstByP99()
				.map(service -> service.getKey() + " (" + millis(service.getValue().p99Millis()) + " ms)")
				.orElse("–");
			text.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %.2f | %s |%n", step.rate(), all.count(),
					millis(all.p50Millis()), millis(all.p99Millis()), millis(all.maxMillis()), all.slowPercent(), worst));
		}
		return text.toString();
	}

	private static String why(StepResult step) {
		List<String> reasons = new java.util.ArrayList<>();
		if (step.timedOut() > 0) {
			reasons.add(step.timedOut() + " accepted orders were cancelled by their deadline (TIMEOUT)");
		}
		if (step.unanswered() > 0.05 * (step.accepted() + step.refused())) {
			reasons.add(step.unanswered() + " orders failed or got no answer (not 429)");
		}
		if (step.shed() == 0 && step.placedPerSecond() < 0.95 * step.rate()) {
			reasons.add(String.format(Locale.ROOT, "only %.1f orders/s were accepted", step.placedPerSecond()));
		}
		if (step.unfinished() > 0) {
			reasons.add(step.unfinished() + " orders had not ended when the drain gave up");
		}
		if (step.quietAfterSeconds() < 0) {
			reasons.add("outboxes or consumer lag were not empty when the drain gave up");
		}
		if (step.shed() == 0 && step.latency().p99Millis() > StepResult.OVERLOADED_P99_MILLIS) {
			reasons.add(String.format(Locale.ROOT, "p99 was %.1f s", step.latency().p99Millis() / 1000));
		}
		return String.join("; ", reasons);
	}

	private static String header(String first, List<String> columns) {
		return "| " + first + " | " + String.join(" | ", columns) + " |\n|---:|"
				+ "---:|".repeat(columns.size()) + "\n";
	}

	private static String row(int rate, List<String> columns, Function<String, String> cell) {
		return "| " + rate + " | " + String.join(" | ", columns.stream().map(cell).toList()) + " |\n";
	}

	private static String millis(double millis) {
		return millis >= 100 ? String.format(Locale.ROOT, "%.0f", millis) : String.format(Locale.ROOT, "%.1f", millis);
	}

	private static String mebibytes(long bytes) {
		return Long.toString(Math.round(bytes / 1048576.0));
	}

	/** @return the outcomes in a stable order for the console */
	static String outcomes(Map<String, Long> outcomes) {
		return new java.util.TreeMap<>(outcomes).toString();
	}
}
