package dev.ordersaga.benchmarks.saga;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.benchmarks.BenchmarkReport;
import dev.ordersaga.benchmarks.LatencySummary;
import dev.ordersaga.client.SuiteApi;
import dev.ordersaga.faults.FaultSuite;
import dev.ordersaga.faults.KafkaView;
import dev.ordersaga.faults.Shop;
import dev.ordersaga.faults.Suite;

import static org.awaitility.Awaitility.await;

/**
 * The saga load benchmark. Starts the whole suite as separate processes with {@code ./suite} (a
 * suite of its own, in {@code benchmarks/target/saga-suite} on free ports, so a running
 * {@code ./suite} is left alone), seeds customers who can pay and products in stock, then places
 * orders at each rate of a sweep and measures, per step: orders placed and ended per second, the
 * latency from each order's due time to its terminal event, the outbox backlog and consumer lag
 * of each service, the relay hops (outbox insert → publication) of the rows the step created, and
 * the CPU and memory of every process. Stops the sweep at the first rate the suite cannot keep up
 * with. Prints the tables and writes them to {@code docs/benchmarks.md}.
 * Every order takes the saga's longest happy path: OrderPlaced → PaymentCompleted →
 * InventoryReserved → OrderConfirmed, then its e-mails and analytics.
 */
class SagaLoadBenchmark {

	private final SagaSettings settings = SagaSettings.fromSystemProperties();

	private String serviceJvm = "unknown";

	/** CPU of each process of the idle suite, % of one core; empty when not measured. */
	private Map<String, Double> idleCpu = Map.of();

	/** The idle suite is measured from this long after its start, once start-up work has settled. */
	private static final Duration IDLE_AFTER_START = Duration.ofSeconds(30);

	@Test
	void sweep() throws Exception {
		Suite suite = new Suite(Path.of("..").toAbsolutePath().normalize(), suiteEnvironment());
		System.out.printf("Saga load benchmark: rates %s orders/s, %d s each (after %d s of warm-up at %d/s)%n",
				settings.rates(), settings.step().toSeconds(), settings.warmup().toSeconds(), settings.rates().get(0));
		System.out.println("Starting the suite in " + suite.workFolder() + " (./suite start)…");
		suite.start();
		try {
			List<StepResult> steps = sweep(suite);
			String section = section(steps);
			System.out.println();
			System.out.println(section);
			if (settings.report() != null) {
				BenchmarkReport.SAGA.write(settings.report(), section);
				System.out.println("Written to " + settings.report().toAbsolutePath().normalize());
			}
		}
		finally {
			if (settings.keepSuite()) {
				System.out.println("The suite keeps running: SUITE_WORK=" + suite.workFolder()
						+ " ./suite status|stop; its addresses are in the start output in "
						+ suite.workFolder().resolve("logs").resolve("fault-suite-commands.log"));
			}
			else {
				suite.stop();
			}
		}
	}

	private List<StepResult> sweep(Suite suite) throws Exception {
		if (!settings.idle().isZero()) {
			idleCpu = idle(suite);
		}
		JdbcTemplate database = suite.database();
		Shop shop = new Shop(suite);
		String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
		List<String> skus = new ArrayList<>();
		for (int i = 0; i < settings.skus(); i++) {
			skus.add("BENCH-" + run + "-" + i);
			shop.product(skus.get(i), "1.00", 100_000_000);
		}
		List<UUID> customers = new ArrayList<>();
		for (int i = 0; i < settings.customers(); i++) {
			String login = "bench-" + i + "-" + run.toLowerCase(Locale.ROOT);
			customers.add(shop.customer(login, "100000000.00", login + "@example.org"));
		}
		await("order-service knows the benchmark's products").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> database.queryForObject(
					"SELECT count(*) FROM order_service.catalog_product WHERE sku LIKE ?", Integer.class,
					"BENCH-" + run + "-%") == settings.skus());

		Map<String, Long> processes = processes(suite.workFolder().resolve("pids"));
		serviceJvm = jvmOptions(processes.get("order-service"));
		KafkaView kafka = new KafkaView(suite::kafkaAdminConfig);
		List<StepResult> steps = new ArrayList<>();
		try (OrderOutcomes outcomes = new OrderOutcomes(suite.kafkaAdminConfig());
				Resources resources = new Resources(suite, processes, kafka, shop::operator);
				OpenLoad load = new OpenLoad(new SuiteApi(suite::url, suite::managementUrl), customers, shop::token, skus)) {
			Path recordings = Path.of("target", "saga-benchmark").toAbsolutePath();
			if (settings.jfr()) {
				Files.createDirectories(recordings);
				Suite.SERVICES.forEach(service -> jcmd(processes.get(service), "JFR.start", "name=saga-benchmark",
						"settings=profile", "filename=" + recordings.resolve(service + ".jfr")));
			}
			if (!settings.warmup().isZero()) {
				System.out.printf("Warming up: %d orders/s for %d s…%n", settings.rates().get(0), settings.warmup().toSeconds());
				shop.renewTokensExpiringWithin(settings.warmup().plus(Duration.ofMinutes(2)));
				StepResult warmup = step(settings.rates().get(0), settings.warmup(), load, outcomes, resources);
				System.out.println("   warm-up: " + line(warmup));
			}
			for (int rate : settings.rates()) {
				System.out.printf("Step: %d orders/s for %d s…%n", rate, settings.step().toSeconds());
				shop.renewTokensExpiringWithin(settings.step().plus(Duration.ofMinutes(2)));
				StepResult step = step(rate, settings.step(), load, outcomes, resources);
				System.out.println("   " + line(step));
				steps.add(step);
				if (step.saturated() || step.shedMost()) {
					break;
				}
			}
			if (settings.jfr()) {
				Suite.SERVICES.forEach(service -> jcmd(processes.get(service), "JFR.stop", "name=saga-benchmark"));
				System.out.println("Flight recordings of the sweep: " + recordings);
			}
			if (outcomes.unreadable() > 0) {
				System.out.println("WARNING: " + outcomes.unreadable() + " records on the orders topic were not events");
			}
		}
		return steps;
	}

	/**
	 * The CPU the suite spends doing nothing: every process but the benchmark's own, measured over
	 * {@code bench.idle-seconds} from {@link #IDLE_AFTER_START} after the start, before any order or
	 * any sampling of queues (which would itself cost the suite CPU).
	 */
	private Map<String, Double> idle(Suite suite) throws IOException, InterruptedException {
		Map<String, Long> processes = processes(suite.workFolder().resolve("pids"));
		processes.remove("load");
		ProcessTable table = ProcessTable.system();
		System.out.printf("Idle suite: CPU over %d s, from %d s after the start…%n", settings.idle().toSeconds(),
				IDLE_AFTER_START.toSeconds());
		// Measurement windows, not synchronisation: the suite is left alone while they pass.
		Thread.sleep(IDLE_AFTER_START.toMillis());
		Map<String, Long> before = new HashMap<>();
		table.usage(processes).forEach((name, usage) -> before.put(name, usage.cpuTicks()));
		long started = System.nanoTime();
		Thread.sleep(settings.idle().toMillis());
		Map<String, Long> after = new HashMap<>();
		table.usage(processes).forEach((name, usage) -> after.put(name, usage.cpuTicks()));
		Map<String, Double> cpu = Resources.cpuPercent(before, after, (System.nanoTime() - started) / 1e9);
		System.out.printf("   idle suite: %.1f %% of one core in all (%s)%n", SagaReport.total(cpu), cpu);
		return cpu;
	}

	private StepResult step(int rate, Duration length, OpenLoad load, OrderOutcomes outcomes, Resources resources) {
		resources.reset();
		Instant windowStart = resources.databaseNow();
		Map<String, Long> before = resources.cpuTicks();
		long started = System.nanoTime();
		OpenLoad.Placed placed = load.run(rate, length);
		Map<String, Double> cpu = Resources.cpuPercent(before, resources.cpuTicks(), (System.nanoTime() - started) / 1e9);
		long loadEnded = System.nanoTime();
		Instant windowEnd = resources.databaseNow();
		AtomicLong allEnded = new AtomicLong();
		double quietAfter;
		try {
			await().atMost(settings.drain()).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (allEnded.get() == 0 && placed.dueMillis().keySet().stream().allMatch(id -> outcomes.ended(id) != null)) {
					allEnded.set(System.nanoTime());
				}
				// Quiet counts only from a sample taken after the last order ended.
				return allEnded.get() != 0 && resources.quietSince(allEnded.get());
			});
			quietAfter = (System.nanoTime() - loadEnded) / 1e9;
		}
		catch (ConditionTimeoutException ex) {
			quietAfter = -1;
		}
		RelayHops hops = relayHops(resources, windowStart, windowEnd);

		Histogram latency = LatencySummary.histogram();
		Histogram saga = LatencySummary.histogram();
		Map<String, Long> byOutcome = new HashMap<>();
		int unfinished = 0;
		long firstDue = Long.MAX_VALUE;
		long lastEnd = Long.MIN_VALUE;
		for (Map.Entry<UUID, Long> order : placed.dueMillis().entrySet()) {
			OrderOutcomes.Ended ended = outcomes.ended(order.getKey());
			firstDue = Math.min(firstDue, order.getValue());
			if (ended == null) {
				unfinished++;
				continue;
			}
			lastEnd = Math.max(lastEnd, ended.endedMillis());
			byOutcome.merge(ended.outcome(), 1L, Long::sum);
			latency.recordValue(micros(ended.endedMillis() - order.getValue()));
			if (ended.placedMillis() > 0) {
				saga.recordValue(micros(ended.endedMillis() - ended.placedMillis()));
			}
		}
		long ended = placed.dueMillis().size() - unfinished;
		double endedPerSecond = ended == 0 ? 0 : ended / Math.max(placed.seconds(), (lastEnd - firstDue) / 1000.0);
		return new StepResult(rate, placed.dueMillis().size(), placed.refused(), placed.shed(), placed.acceptedPerSecond(),
				endedPerSecond, byOutcome, unfinished, LatencySummary.of(latency, unfinished), LatencySummary.of(saga, 0),
				placed.http(), quietAfter, resources.outboxPeak(), resources.lagPeak(), cpu, resources.heapPeakBytes(),
				resources.residentPeakBytes(), hops);
	}

	private static RelayHops relayHops(Resources resources, Instant from, Instant to) {
		try {
			return resources.relayHops(from, to);
		}
		catch (DataAccessException ex) {
			// Minutes of load are not thrown away for one figure: the step reports no hops instead.
			System.out.println("WARNING: cannot read the relay hops: " + ex.getMessage());
			return RelayHops.NONE;
		}
	}

	private static long micros(long millis) {
		return Math.min(LatencySummary.HIGHEST_MICROS, Math.max(0, TimeUnit.MILLISECONDS.toMicros(millis)));
	}

	private static String line(StepResult step) {
		return String.format(Locale.ROOT,
				"placed %.1f/s (refused %d, %d of them with 429), ended %.1f/s, latency p50 %.0f ms p95 %.0f ms p99 %.0f ms max %.0f ms, "
						+ "unfinished %d, quiet after %s, outcomes %s, relay hops %d p99 %.1f ms %.2f %% over %d ms%s",
				step.placedPerSecond(), step.refused(), step.shed(), step.endedPerSecond(), step.latency().p50Millis(),
				step.latency().p95Millis(), step.latency().p99Millis(), step.latency().maxMillis(), step.unfinished(),
				step.quietAfterSeconds() < 0 ? "never (drain gave up)"
						: String.format(Locale.ROOT, "%.1f s", step.quietAfterSeconds()),
				SagaReport.outcomes(step.outcomes()), step.relayHops().all().count(), step.relayHops().all().p99Millis(),
				step.relayHops().all().slowPercent(), RelayHops.SLOW.toMillis(),
				step.saturated() ? " — SATURATED" : step.shed() > 0 ? " — SHED LOAD AT THE DOOR" : "");
	}

	private String section(List<StepResult> steps) {
		return "## Saga load benchmark: results" + (Boolean.getBoolean("bench.quick") ? " (quick mode: provisional)" : "")
				+ "\n\n"
				+ String.format(Locale.ROOT, "Measured %s at commit %s with%n%n```%n%s%n```%n%n", Instant.now().toString()
					.substring(0, 16).replace('T', ' ') + " UTC", BenchmarkReport.commit(), command())
				+ String.format(Locale.ROOT, "%d s per rate after %d s of warm-up at %d orders/s; %d customers, %d products; "
						+ "drain limit %d s.%n%n", settings.step().toSeconds(), settings.warmup().toSeconds(),
						settings.rates().get(0), settings.customers(), settings.skus(), settings.drain().toSeconds())
				+ "Each service runs as `java " + serviceJvm + " -jar …` (`./suite`; `SUITE_JAVA_OPTS` sets the options "
				+ "after `-Xmx384m`).\n\n"
				+ SagaReport.idle(idleCpu, settings.idle(), IDLE_AFTER_START)
				+ SagaReport.tables(steps, settings.targetP99()) + "\nMachine:\n\n" + BenchmarkReport.machine();
	}

	private String command() {
		String javaOptions = System.getenv("SUITE_JAVA_OPTS");
		StringBuilder command = new StringBuilder(javaOptions == null || javaOptions.isBlank() ? ""
				: "SUITE_JAVA_OPTS=\"" + javaOptions + "\" ");
		command.append(
				"./mvnw -pl benchmarks -am verify -Dit.test=SagaLoadBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false");
		for (String property : List.of("bench.quick", "bench.rates", "bench.step-seconds", "bench.warmup-seconds",
				"bench.idle-seconds",
				"bench.drain-seconds", "bench.customers", "bench.skus", "bench.target-p99-ms", "bench.jfr", "bench.zipkin")) {
			if (System.getProperty(property) != null) {
				command.append(" -D").append(property).append('=').append(System.getProperty(property));
			}
		}
		return command.toString();
	}

	private static Map<String, String> suiteEnvironment() {
		return Map.ofEntries(Map.entry("SUITE_WORK", Path.of("target", "saga-suite").toAbsolutePath().toString()),
				Map.entry("SUITE_SKIP_BUILD", "1"), Map.entry("SUITE_PG_PORT", port()), Map.entry("SUITE_KAFKA_PORT", port()),
				Map.entry("SUITE_KAFKA_CONTROLLER_PORT", port()), Map.entry("SUITE_SMTP_PORT", port()),
				Map.entry("SUITE_SMTP_API_PORT", port()),
				// No Zipkin server unless -Dbench.zipkin=true: the sweep measures the saga, and ./suite's Zipkin
				// would share its two cores, ingesting every span (docs/benchmarks.md). The services still make
				// every span (sampling 1.0); they export none.
				Map.entry("SUITE_ZIPKIN_PORT", Boolean.getBoolean("bench.zipkin") ? port() : ""),
				Map.entry("SUITE_AUTH_PORT", port()),
				Map.entry("SUITE_SERVICE_PORTS", String.join(" ", port(), port(), port(), port(), port())),
				// The sweep measures the saga: 200 customers at hundreds of orders a second would hit their
				// own limit (order.admission.per-customer) first.
				Map.entry("ORDER_ADMISSION_PERCUSTOMER_ENABLED", "false"));
	}

	private static String port() {
		return Integer.toString(FaultSuite.freePort());
	}

	private static Map<String, Long> processes(Path pids) throws IOException {
		Map<String, Long> processes = new LinkedHashMap<>();
		for (String name : SagaReport.PROCESSES) {
			Path file = pids.resolve(name);
			if (Files.exists(file)) {
				processes.put(name, Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip()));
			}
		}
		processes.put("load", ProcessHandle.current().pid());
		return processes;
	}

	/** @return the JVM options a process was started with: its arguments between {@code java} and {@code -jar} */
	static String jvmOptions(@Nullable Long pid) {
		if (pid == null) {
			return "unknown";
		}
		try {
			List<String> arguments = List.of(Files.readString(Path.of("/proc", pid.toString(), "cmdline"),
					StandardCharsets.UTF_8).split("\0"));
			int jar = arguments.indexOf("-jar");
			return jar < 1 ? "unknown" : String.join(" ", arguments.subList(1, jar));
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static void jcmd(long pid, String... arguments) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				Long.toString(pid)));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
				System.out.println("WARNING: " + String.join(" ", command) + " failed: " + output);
			}
		}
		catch (IOException ex) {
			System.out.println("WARNING: cannot run jcmd: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
