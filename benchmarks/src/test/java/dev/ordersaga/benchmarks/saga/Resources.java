package dev.ordersaga.benchmarks.saga;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.faults.KafkaView;
import dev.ordersaga.faults.Suite;

/**
 * Watches the suite while a step runs: every service's outbox backlog (rows not yet on Kafka) and
 * consumer lag (records on Kafka its group has not read) every second, the heap each service's
 * JVM uses (its Prometheus endpoint) every five seconds, and the CPU time and resident memory of every process of the suite (Linux's
 * {@code /proc}). Keeps the peaks since {@link #reset()}. After a step, reads the relay hops of the
 * outbox rows it created ({@link #relayHops}).
 */
final class Resources implements AutoCloseable {

	private static final Duration EVERY = Duration.ofSeconds(1);

	private static final int HEAP_EVERY_NTH_SAMPLE = 5;

	private final Suite suite;

	private final Supplier<AccessToken> operator;

	private final Map<String, Long> processes;

	private final JdbcTemplate database;

	private final Admin admin;

	private final ProcessTable table = ProcessTable.system();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "saga-benchmark-sampler");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, Long> outboxPeak = new ConcurrentHashMap<>();

	private final Map<String, Long> lagPeak = new ConcurrentHashMap<>();

	private final Map<String, Long> heapPeak = new ConcurrentHashMap<>();

	private final Map<String, Long> residentPeak = new ConcurrentHashMap<>();

	private volatile @Nullable Sample latest;

	private long samples;

	/** What one complete sample of the queues found. */
	private record Sample(long startedNanos, Map<String, Long> outbox, Map<String, Long> lag) {
	}

	/** One row of {@link #relayHopsQuery}: a service's hops, or all services' when {@code service} is null. */
	private record HopsRow(@Nullable String service, RelayHops.Hops hops) {
	}

	/**
	 * @param suite the running suite
	 * @param processes the processes to watch by name (services, postgres, kafka, smtp, the load)
	 */
	Resources(Suite suite, Map<String, Long> processes, KafkaView kafka, Supplier<AccessToken> operator) {
		this.suite = suite;
		this.operator = operator;
		this.processes = new LinkedHashMap<>(processes);
		this.database = suite.database();
		this.admin = kafka.admin();
		sampler.scheduleWithFixedDelay(this::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Forgets the peaks: the next step starts from here. */
	void reset() {
		outboxPeak.clear();
		lagPeak.clear();
		heapPeak.clear();
		residentPeak.clear();
	}

	/**
	 * @param nanos a {@link System#nanoTime()}
	 * @return whether the last sample began after that time and found every outbox empty and every
	 * consumer group at the end of its topics
	 */
	boolean quietSince(long nanos) {
		Sample last = latest;
		return last != null && last.startedNanos() - nanos >= 0
				&& last.outbox().values().stream().allMatch(rows -> rows == 0)
				&& last.lag().values().stream().allMatch(records -> records == 0);
	}

	/** @return CPU ticks of each process tree now, for {@link #cpuPercent} */
	Map<String, Long> cpuTicks() {
		Map<String, Long> ticks = new HashMap<>();
		table.usage(processes).forEach((name, usage) -> ticks.put(name, usage.cpuTicks()));
		return ticks;
	}

	/** @return each process's CPU use between two {@link #cpuTicks()} readings, 100 % being one core */
	static Map<String, Double> cpuPercent(Map<String, Long> before, Map<String, Long> after, double seconds) {
		Map<String, Double> percent = new LinkedHashMap<>();
		after.forEach((name, ticks) -> percent.put(name,
				100.0 * Math.max(0, ticks - before.getOrDefault(name, ticks)) / ProcessTable.TICKS_PER_SECOND / seconds));
		return percent;
	}

	/**
	 * @return PostgreSQL's clock now. It stamps the outbox rows, so the window of {@link #relayHops}
	 * is read from it too, not from this JVM's clock.
	 */
	Instant databaseNow() {
		return Objects.requireNonNull(database.queryForObject("SELECT clock_timestamp()", OffsetDateTime.class))
			.toInstant();
	}

	/**
	 * Reads the relay hops of the outbox rows created in a window from every service's
	 * {@code outbox_event}, in one query. Meant for after a step's drain, when every row of the window
	 * has been published: a row still unpublished is not counted, and neither is a discarded one (an
	 * operator gave up on it; its {@code published_at} is set too).
	 * @param from the window's start, inclusive, on PostgreSQL's clock ({@link #databaseNow()})
	 * @param to its end, exclusive
	 * @return the hops over all services and per service
	 */
	RelayHops relayHops(Instant from, Instant to) {
		Map<String, Boolean> discardsBySchema = new HashMap<>();
		database.query("""
				SELECT table_schema, bool_or(column_name = 'discarded_at')
				FROM information_schema.columns WHERE table_name = 'outbox_event'
				GROUP BY table_schema
				""", (ResultSet row) -> {
			discardsBySchema.put(row.getString(1), row.getBoolean(2));
		});
		Map<String, Boolean> outboxes = new LinkedHashMap<>();
		List<Object> window = new ArrayList<>();
		for (String service : Suite.SERVICES) {
			Boolean discards = discardsBySchema.get(schema(service));
			if (discards != null) {
				outboxes.put(service, discards);
				window.add(from.atOffset(ZoneOffset.UTC));
				window.add(to.atOffset(ZoneOffset.UTC));
			}
		}
		if (outboxes.isEmpty()) {
			return RelayHops.NONE;
		}
		RelayHops.Hops all = RelayHops.Hops.NONE;
		Map<String, RelayHops.Hops> byService = new LinkedHashMap<>();
		for (HopsRow row : database.query(relayHopsQuery(outboxes), (result, index) -> new HopsRow(
				result.getString("service"), new RelayHops.Hops(result.getLong("hops"), result.getDouble("p50"),
						result.getDouble("p99"), result.getDouble("longest"), result.getLong("slow"))),
				window.toArray())) {
			if (row.service() == null) {
				all = row.hops();
			}
			else {
				byService.put(row.service(), row.hops());
			}
		}
		return new RelayHops(all, byService);
	}

	/**
	 * One branch per outbox, so the percentiles over all services are exact, not merged from each
	 * service's; {@code GROUPING SETS} adds the row over all of them to the rows per service.
	 * @param outboxes the services that have an outbox table, each with whether the table has the
	 * {@code discarded_at} column (older schemas do not), must not be empty
	 * @return the query of {@link #relayHops}: a row per service that had hops in the window, and one
	 * whose {@code service} is null over all of them; its parameters are the window's start and end,
	 * once per service
	 */
	static String relayHopsQuery(Map<String, Boolean> outboxes) {
		String hops = outboxes.entrySet().stream().map(outbox -> """
				SELECT '%s' AS service, (extract(epoch FROM published_at - created_at) * 1000)::float8 AS millis
				FROM %s.outbox_event
				WHERE created_at >= ? AND created_at < ? AND published_at IS NOT NULL%s
				""".formatted(outbox.getKey(), schema(outbox.getKey()),
				outbox.getValue() ? " AND discarded_at IS NULL" : ""))
			.collect(Collectors.joining("UNION ALL\n"));
		return """
				SELECT service, count(*) AS hops,
				  percentile_cont(0.5) WITHIN GROUP (ORDER BY millis) AS p50,
				  percentile_cont(0.99) WITHIN GROUP (ORDER BY millis) AS p99,
				  max(millis) AS longest,
				  count(*) FILTER (WHERE millis > %d) AS slow
				FROM (
				%s) hop
				GROUP BY GROUPING SETS ((service), ())
				""".formatted(RelayHops.SLOW.toMillis(), hops);
	}

	private static String schema(String service) {
		return service.replace('-', '_');
	}

	Map<String, Long> outboxPeak() {
		return Map.copyOf(outboxPeak);
	}

	Map<String, Long> lagPeak() {
		return Map.copyOf(lagPeak);
	}

	Map<String, Long> heapPeakBytes() {
		return Map.copyOf(heapPeak);
	}

	Map<String, Long> residentPeakBytes() {
		return Map.copyOf(residentPeak);
	}

	private void sample() {
		long started = System.nanoTime();
		try {
			Map<String, Long> rows = new HashMap<>();
			for (String service : Suite.SERVICES) {
				rows.put(service, database.queryForObject("SELECT count(*) FROM " + schema(service)
						+ ".outbox_event WHERE published_at IS NULL", Long.class));
			}
			peaks(outboxPeak, rows);
			Map<String, Long> behind = KafkaView.lag(admin);
			if (behind.keySet().stream().noneMatch(group -> group.startsWith("unknown"))) {
				peaks(lagPeak, behind);
				latest = new Sample(started, rows, behind);
			}
			// A Prometheus scrape costs the service CPU, so the heap is read every fifth sample only,
			// closer to what a real scraper does than once a second.
			for (String service : samples++ % HEAP_EVERY_NTH_SAMPLE == 0 ? Suite.SERVICES : List.<String>of()) {
				Long heap = scrapeHeapUsed(suite.managementUrl(service));
				if (heap != null) {
					peaks(heapPeak, Map.of(service, heap));
				}
			}
			table.usage(processes).forEach((name, usage) -> peaks(residentPeak, Map.of(name, usage.residentBytes())));
		}
		catch (RuntimeException ex) {
			// A sample that fails (a service restarting) is skipped; the next one comes a second later.
		}
	}

	private static void peaks(Map<String, Long> peaks, Map<String, Long> values) {
		values.forEach((name, value) -> peaks.merge(name, value, Math::max));
	}

	private @Nullable Long scrapeHeapUsed(String service) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(2))
				.header("Authorization", "Bearer " + operator.get().value())
				.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 ? heapUsed(response.body()) : null;
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return null;
		}
	}

	/**
	 * @param prometheus a service's Prometheus exposition
	 * @return the bytes its heap pools use, summed; {@literal null} when the metric is missing
	 */
	static @Nullable Long heapUsed(String prometheus) {
		Function<String, Double> value = line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
		List<String> lines = prometheus.lines()
			.filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
			.toList();
		return lines.isEmpty() ? null : (long) lines.stream().mapToDouble(value::apply).sum();
	}

	@Override
	public void close() {
		sampler.shutdownNow();
		admin.close(Duration.ofSeconds(5));
	}
}
