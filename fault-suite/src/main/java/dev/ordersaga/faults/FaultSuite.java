package dev.ordersaga.faults;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code ./suite faults [--scenario NAME|all] [--orders N] [--rate R]}: starts the suite (./suite
 * start), and per scenario seeds fresh products and customers, drives {@code N} orders at {@code R}
 * per second through the REST API, injects the scenario's fault a quarter into the load, waits until
 * the suite is quiet, checks every invariant and prints a report. Exits non-zero on any violation.
 */
public final class FaultSuite {

	/**
	 * @param scenario the fault
	 * @param orders orders accepted
	 * @param refused attempts order-service did not accept (it or its database was down)
	 * @param outcomes orders per status and reason
	 * @param fault what was done
	 * @param meantToConfirm orders that end CONFIRMED without a fault (see {@link Load#meantToConfirm()})
	 * @param confirmed how many of those did
	 * @param backUp per service restarted by the fault, from its start to its health UP
	 * @param consuming per service restarted by the fault, from its start until its consumer group is
	 * stable with the new instance's consumer only ({@literal null}: not within two minutes)
	 * @param quietAfter how long after the load the suite became quiet; {@literal null} if it did not
	 * @param duplicatesSkipped the inbox's duplicates, summed over the services
	 * @param deadLettered records added to the dead-letter topics
	 * @param checks each invariant with its violations
	 */
	record Result(Scenario scenario, int orders, int refused, Map<String, Long> outcomes, String fault,
			int meantToConfirm, int confirmed, Map<String, Duration> backUp, Map<String, @Nullable Duration> consuming,
			Duration quietAfter, long duplicatesSkipped, int deadLettered, List<Checks.Check> checks) {

		/** @return the share of the orders meant to be confirmed that were, 1 when there were none */
		double goodput() {
			return meantToConfirm == 0 ? 1 : (double) confirmed / meantToConfirm;
		}

		boolean passed() {
			return quietAfter != null && checks.stream().allMatch(Checks.Check::passed);
		}

		void print(PrintStream out) {
			out.printf("%n== %s: %s%n", scenario.cliName(), scenario.description());
			out.printf("   orders placed %d (attempts refused while down: %d); outcomes %s%n", orders, refused, outcomes);
			out.printf("   fault: %s%n", fault);
			out.printf("   goodput %s (%d of %d orders meant to be confirmed were)%n",
					Checks.percent(confirmed, meantToConfirm), confirmed, meantToConfirm);
			if (!backUp.isEmpty()) {
				out.printf("   UP again after a restart in: %s%n", String.join(", ", backUp.entrySet().stream()
					.map(entry -> entry.getKey() + " " + seconds(entry.getValue()))
					.toList()));
			}
			if (!consuming.isEmpty()) {
				out.printf("   reading again after a restart in: %s%n", String.join(", ", consuming.entrySet().stream()
					.map(entry -> entry.getKey() + " " + (entry.getValue() == null ? "over 2 min" : seconds(entry.getValue())))
					.toList()));
			}
			out.printf("   quiet again %s after the load ended; duplicates skipped by the inboxes %d; dead-lettered %d%n",
					quietAfter == null ? "NEVER (gave up)" : seconds(quietAfter),
					duplicatesSkipped, deadLettered);
			if (quietAfter == null) {
				out.println("   FAIL the suite became quiet");
			}
			for (Checks.Check check : checks) {
				out.printf("   %s %s%n", check.passed() ? "PASS" : "FAIL", check.name());
				check.violations().stream().limit(20).forEach(violation -> out.println("        " + violation));
				if (check.violations().size() > 20) {
					out.println("        … and " + (check.violations().size() - 20) + " more");
				}
			}
		}
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	/** Longer than any connection timeout, and than the old retry budget of 5 × Hikari's 30 s. */
	private static final Duration POSTGRES_OUTAGE = Duration.ofMinutes(4);

	/** Over the producer's max.request.size and the broker's message.max.bytes, both 1 MiB by default. */
	private static final int OVERSIZED_BYTES = 1536 * 1024;

	/** Longer than the consumers' session timeout (10 s) and the relay's lease (30 s). */
	private static final Duration PAUSE = Duration.ofSeconds(60);

	private final Suite suite;

	private final Shop shop;

	private final JdbcTemplate database;

	private final KafkaView kafka;

	private final Checks checks;

	FaultSuite(Suite suite) {
		this.suite = suite;
		this.shop = new Shop(suite);
		this.database = suite.database();
		this.kafka = new KafkaView(suite::kafkaAdminConfig);
		this.checks = new Checks(suite, database, kafka, shop::operator);
	}

	public static void main(String[] args) {
		List<Scenario> scenarios = List.of(Scenario.values());
		int orders = 500;
		double rate = 10;
		Integer brokers = null;
		try {
			for (int i = 0; i < args.length; i += 2) {
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException(args[i] + " needs a value");
				}
				String value = args[i + 1];
				switch (args[i]) {
					case "--scenario" -> scenarios = "all".equals(value) ? List.of(Scenario.values())
							: List.of(Scenario.fromCliName(value));
					case "--orders" -> orders = positive(args[i], Integer.parseInt(value)).intValue();
					case "--rate" -> rate = positive(args[i], Double.parseDouble(value)).doubleValue();
					case "--brokers" -> brokers = Integer.parseInt(value);
					default -> throw new IllegalArgumentException("unknown option " + args[i]);
				}
			}
			if (brokers != null && brokers != 1 && brokers != 3) {
				throw new IllegalArgumentException("--brokers takes 1 or 3");
			}
		}
		catch (IllegalArgumentException ex) { // NumberFormatException too
			System.err.println("./suite faults: " + ex.getMessage());
			System.err.println("usage: ./suite faults [--scenario " + String.join("|",
					java.util.Arrays.stream(Scenario.values()).map(Scenario::cliName).toList())
					+ "|all] [--orders N] [--rate ORDERS_PER_SECOND] [--brokers 1|3]");
			System.exit(2);
		}
		// ./suite faults passes its SUITE_* settings (work folder, ports) on to every ./suite it runs.
		Map<String, String> settings = new java.util.TreeMap<>(System.getenv());
		settings.keySet().removeIf(name -> !name.startsWith("SUITE_"));
		Suite suite = new Suite(Path.of("").toAbsolutePath(), settings);
		int brokersToRun = brokers != null ? brokers : suite.brokers();
		if (scenarios.equals(List.of(Scenario.BROKER_FAILOVER)) && brokersToRun < 3) {
			System.err.println("./suite faults: broker-failover needs a 3-broker cluster: ./suite faults --brokers 3 "
					+ "--scenario broker-failover (on a suite whose Kafka has no data yet, or already 3 brokers)");
			System.exit(2);
		}
		List<Result> results = new FaultSuite(suite).run(scenarios, orders, rate, brokers, System.out);
		System.exit(results.stream().allMatch(Result::passed) ? 0 : 1);
	}

	private static Number positive(String option, Number value) {
		if (value.doubleValue() <= 0) {
			throw new IllegalArgumentException(option + " must be positive, was " + value);
		}
		return value;
	}

	List<Result> run(List<Scenario> scenarios, int orders, double rate, PrintStream out) {
		return run(scenarios, orders, rate, null, out);
	}

	/** @param brokers the Kafka brokers to start the suite with; {@literal null} for as it is (1 when new) */
	List<Result> run(List<Scenario> scenarios, int orders, double rate, @Nullable Integer brokers, PrintStream out) {
		out.println("Starting the suite (./suite start" + (brokers == null ? "" : " --brokers " + brokers) + ")…");
		if (brokers == null) {
			suite.start();
		}
		else {
			suite.start(brokers);
		}
		List<Result> results = new ArrayList<>();
		for (Scenario scenario : scenarios) {
			if (scenario == Scenario.BROKER_FAILOVER && suite.brokers() < 3) {
				out.printf("%n== %s: SKIPPED, the suite runs %d Kafka broker; ./suite faults --brokers 3 runs it%n",
						scenario.cliName(), suite.brokers());
				continue;
			}
			out.printf("Running %s with %d orders at %.0f/s…%n", scenario.cliName(), orders, rate);
			Result result = run(scenario, orders, rate);
			result.print(out);
			results.add(result);
		}
		long failed = results.stream().filter(result -> !result.passed()).count();
		out.printf("%n%d of %d scenarios passed%n", results.size() - failed, results.size());
		return results;
	}

	Result run(Scenario scenario, int count, double rate) {
		String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
		Load load = new Load(shop, database, run, count);
		Map<String, Integer> deadLettersBefore = checks.deadLetters();
		Map<String, Long> duplicatesBefore = checks.duplicatesSkipped();
		long loadStart = System.currentTimeMillis();
		Duration beforeFault = Duration.ofMillis((long) (count / rate * 250));
		List<Poison.Record> poison = new ArrayList<>();
		List<String> extraInstances = java.util.Collections.synchronizedList(new ArrayList<>());
		Map<String, Duration> backUp = new java.util.LinkedHashMap<>();
		Map<String, CompletableFuture<@Nullable Duration>> consuming = new java.util.LinkedHashMap<>();
		AtomicReference<UUID> oversized = new AtomicReference<>();
		CompletableFuture<String> fault = CompletableFuture.supplyAsync(() -> {
			LockSupport.parkNanos(beforeFault.toNanos());
			return inject(scenario, loadStart, poison, extraInstances, backUp, consuming, oversized);
		});
		load.run(count, rate);
		String done = fault.join();
		Map<String, @Nullable Duration> consumingAgain = new java.util.LinkedHashMap<>();
		consuming.forEach((service, back) -> consumingAgain.put(service, back.join()));
		extraInstances.forEach(suite::stop);
		suite.start(); // whatever a fault left down comes back, as an operator would bring it back
		Duration quiet = checks.awaitQuiet(load.orders(), Duration.ofMinutes(5));
		Map<String, Integer> deadLettersAfter = checks.deadLetters();
		int deadLettered = deadLettersAfter.entrySet().stream()
			.mapToInt(entry -> entry.getValue() - deadLettersBefore.getOrDefault(entry.getKey(), 0))
			.sum();
		List<Checks.Check> verdicts = quiet == null ? List.of()
				: checks.verify(scenario, load, poison, deadLettersBefore, oversized.get());
		if (oversized.get() != null) {
			discardParked(oversized.get()); // as an operator would, once seen: it can never be published
		}
		long duplicates = Checks.skippedBetween(duplicatesBefore, checks.duplicatesSkipped());
		return new Result(scenario, load.orders().size(), load.refused(), checks.outcomes(load.orders()), done,
				load.meantToConfirm().size(), checks.confirmed(load.meantToConfirm()),
				java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(backUp)), consumingAgain, quiet,
				duplicates, deadLettered, verdicts);
	}

	private String inject(Scenario scenario, long loadStart, List<Poison.Record> poison, List<String> extra,
			Map<String, Duration> backUp, Map<String, CompletableFuture<@Nullable Duration>> consuming,
			AtomicReference<UUID> oversized) {
		switch (scenario) {
			case KILL_SERVICES -> {
				for (String service : Suite.SERVICES) {
					// The service's group id is its name; a killed consumer stays a member until its session ends.
					Set<String> membersBefore = kafka.members(service);
					suite.kill(service);
					LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
					Instant restarted = Instant.now();
					consuming.put(service, CompletableFuture.supplyAsync(
							() -> kafka.awaitNewMembers(service, membersBefore, restarted, Duration.ofMinutes(2))));
					// ./suite restart returns once the service's health is UP; ./suite start would go on to
					// register the demo customers and the console's logins, which is not the service's restart.
					suite.restart(service);
					backUp.put(service, Duration.between(restarted, Instant.now()));
				}
				return "kill -9 of each service, restarted 3 s later";
			}
			case RESTART_KAFKA -> {
				Instant stopped = Instant.now();
				suite.restart("kafka");
				return "Kafka stopped and back in " + Duration.between(stopped, Instant.now()).toSeconds() + " s";
			}
			case RESTART_POSTGRES -> {
				Instant stopped = Instant.now();
				suite.restart("postgres");
				return "PostgreSQL stopped and back in " + Duration.between(stopped, Instant.now()).toSeconds() + " s";
			}
			case DUPLICATES -> {
				int republished = kafka.republish(loadStart, System.currentTimeMillis());
				return republished + " records of the load so far published again";
			}
			case POISON -> {
				poison.addAll(Poison.write(suite.kafkaAdminConfig()));
				return poison.size() + " poison records written (3 per topic)";
			}
			case DOUBLE_INSTANCE -> {
				List<CompletableFuture<String>> starting = new ArrayList<>();
				for (String service : List.of("order-service", "payment-service", "inventory-service")) {
					int port = freePort();
					extra.add(service + "@" + port); // stopped after the load even if its start fails
					starting.add(CompletableFuture.supplyAsync(() -> suite.startInstance(service, port)));
				}
				List<String> started = starting.stream().map(CompletableFuture::join).toList();
				return "second instances: " + String.join(", ", started) + " (stopped after the load)";
			}
			case POSTGRES_OUTAGE -> {
				suite.stop("postgres");
				LockSupport.parkNanos(POSTGRES_OUTAGE.toNanos());
				suite.start();
				return "PostgreSQL stopped for " + POSTGRES_OUTAGE.toMinutes() + " min, then started";
			}
			case LOST_OFFSETS -> {
				List<String> services = List.of("payment-service", "inventory-service", "notification-service");
				services.forEach(suite::stop);
				int purged = 0;
				for (String service : services) {
					purged += database.update("DELETE FROM " + Checks.schema(service) + ".inbox_event");
				}
				kafka.deleteGroups(services);
				Instant restarted = Instant.now();
				suite.start();
				backUp.put(String.join(" + ", services), Duration.between(restarted, Instant.now()));
				return "stopped " + String.join(", ", services) + "; " + purged
						+ " inbox rows purged and their consumer groups deleted; started again";
			}
			case PAUSE -> {
				String service = "payment-service";
				int port = freePort();
				extra.add(service + "@" + port);
				suite.startInstance(service, port);
				long pid = suite.pid(service);
				signal(pid, "STOP");
				try {
					LockSupport.parkNanos(PAUSE.toNanos());
				}
				finally {
					signal(pid, "CONT"); // whatever happens here, the suite is not left with a frozen service
				}
				return service + " (pid " + pid + ") frozen for " + PAUSE.toSeconds() + " s while a second instance on port "
						+ port + " ran, then resumed; the second instance stopped after the load";
			}
			case OVERSIZED_EVENT -> {
				UUID eventId = UUID.randomUUID();
				oversized.set(eventId);
				String envelope = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"OrderPlaced\",\"padding\":\""
						+ "x".repeat(OVERSIZED_BYTES) + "\"}";
				// As a bug in a producer would: in order-service's outbox, for an aggregate of its own.
				database.update("""
						INSERT INTO order_service.outbox_event (position, event_id, topic, aggregate_type, aggregate_id,
						                                        event_type, schema_version, envelope)
						VALUES (nextval('order_service.outbox_event_position'), ?, 'orders.v1', 'Order', ?, 'OrderPlaced', 2, ?)
						""", eventId, UUID.randomUUID().toString(), envelope);
				Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
				String parked = null;
				while (parked == null && Instant.now().isBefore(deadline)) {
					LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
					parked = database.query("""
							SELECT refusals || ' refusals in ' || round(extract(epoch FROM parked_at - created_at)::numeric, 1)
							       || ' s: ' || last_error
							FROM order_service.outbox_event WHERE event_id = ? AND parked_at IS NOT NULL
							""", rs -> rs.next() ? rs.getString(1) : null, eventId);
				}
				return "a " + OVERSIZED_BYTES / 1024 + " KiB OrderPlaced appended to order-service's outbox; "
						+ (parked == null ? "NOT parked within 2 min" : "parked after " + parked);
			}
			case BROKER_FAILOVER -> {
				Map<Integer, Integer> leaders = kafka.sagaPartitionLeaders();
				Map.Entry<Integer, Integer> busiest = leaders.entrySet().stream().max(Map.Entry.comparingByValue())
					.orElseThrow(() -> new IllegalStateException("No saga partition has a leader"));
				String node = Suite.kafkaNode(busiest.getKey());
				int partitions = leaders.values().stream().mapToInt(Integer::intValue).sum();
				suite.kill(node);
				LockSupport.parkNanos(Duration.ofSeconds(30).toNanos());
				Instant restarted = Instant.now();
				suite.start();
				backUp.put(node, Duration.between(restarted, Instant.now()));
				return node + " (leader of " + busiest.getValue() + " of " + partitions + " saga partitions) killed with "
						+ "kill -9, started again 30 s later";
			}
			case ROLLING_UPGRADE -> {
				suite.stop("analytics-service");
				suite.restart("order-service", Map.of("ORDER_SAGA_ORDERPLACEDVERSION", "1"));
				LockSupport.parkNanos(Duration.ofSeconds(15).toNanos());
				suite.restart("order-service");
				suite.start();
				return "analytics-service stopped; order-service restarted publishing OrderPlaced v1, 15 s later v2 "
						+ "again; analytics-service started";
			}
			default -> throw new IllegalStateException("Unknown scenario " + scenario);
		}
	}

	private void discardParked(UUID eventId) {
		Long position = database.query("SELECT position FROM order_service.outbox_event WHERE event_id = ?",
				rs -> rs.next() ? rs.getLong(1) : null, eventId);
		if (position != null) {
			shop.discardParked("order-service", position);
		}
	}

	private static void signal(long pid, String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot send " + signal + " to " + pid, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
