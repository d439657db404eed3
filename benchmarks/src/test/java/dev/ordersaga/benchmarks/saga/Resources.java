package dev.ordersaga.benchmarks.saga;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.faults.KafkaView;
import dev.ordersaga.faults.Suite;

/**
 * Watches the suite while a step runs: every service's outbox backlog (rows not yet on Kafka) and
 * consumer lag (records on Kafka its group has not read) every second, the heap each service's
 * JVM uses (its Prometheus endpoint) every five seconds, and the CPU time and resident memory of every process of the suite (Linux's
 * {@code /proc}). Keeps the peaks since {@link #reset()}.
 */
final class Resources implements AutoCloseable {

	private static final Duration EVERY = Duration.ofSeconds(1);

	private static final int HEAP_EVERY_NTH_SAMPLE = 5;

	private final Suite suite;

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

	/**
	 * @param suite the running suite
	 * @param processes the processes to watch by name (services, postgres, kafka, smtp, the load)
	 */
	Resources(Suite suite, Map<String, Long> processes, KafkaView kafka) {
		this.suite = suite;
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
				rows.put(service, database.queryForObject("SELECT count(*) FROM " + service.replace('-', '_')
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
				Long heap = scrapeHeapUsed(suite.url(service));
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
