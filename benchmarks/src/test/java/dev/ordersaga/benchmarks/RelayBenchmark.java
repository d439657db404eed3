package dev.ordersaga.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.Externalized;

import dev.ordersaga.benchmarks.ResultTable.Row;
import dev.ordersaga.benchmarks.modulith.ModulithOrderPlaced;
import dev.ordersaga.benchmarks.modulith.ModulithPath;
import dev.ordersaga.benchmarks.relay.OutboxPath;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.testsupport.InfrastructureMode;
import dev.ordersaga.testsupport.KafkaBrokerProcess;
import dev.ordersaga.testsupport.TestInfrastructure;

/**
 * Our outbox relay beside the ceilings the machine sets and beside Spring Modulith, in one run on
 * one broker and one database, for OrderPlaced events of about 1 KiB:
 * <ol>
 * <li>ceiling (b): PostgreSQL commits of the outbox INSERT, one per transaction, on 1 and N
 * connections (and on N without the NOTIFY trigger);</li>
 * <li>ceiling (a): a raw idempotent producer (acks=all, the relay's settings) sending the same
 * records: events/s and send → ack latency;</li>
 * <li>the outbox relay with one and with two instances: a backlog committed in one transaction,
 * drained (events/s from commit until the last event is readable on Kafka), then commit → on-Kafka
 * latency at a steady rate;</li>
 * <li>Spring Modulith's event publication registry with Kafka externalization, measured the same way.</li>
 * </ol>
 * Prints a Markdown table and rewrites the results section of {@code docs/benchmarks.md}. It asserts
 * nothing about the figures and is no part of {@code verify}: run it with {@link #COMMAND} (add
 * {@code -Dbench.quick=true} for a run under two minutes); the settings are in {@link BenchmarkSettings}.
 */
class RelayBenchmark {

	static final String RAW_TOPIC = "benchmark.raw.v1";

	/** Builds what the module needs and runs only this benchmark: no other test, here or upstream. */
	static final String COMMAND = "./mvnw -pl benchmarks -am verify -Dit.test=RelayBenchmark -Dtest=none "
			+ "-Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false";

	private static final int PARTITIONS = 3;

	/** Connections of each application's pool, ours and the peer's alike. */
	private static final int POOL_SIZE = 16;

	/** How long the raw producer and each steady phase warm up before they are measured. */
	private static final Duration WARMUP = Duration.ofSeconds(1);

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

	static {
		// The broker's peak matters here, not how soon it starts.
		System.setProperty(KafkaBrokerProcess.FULL_JIT_PROPERTY, "true");
	}

	private final EventCodec codec = new EventCodec();

	private final TestInfrastructure infrastructure = TestInfrastructure.get();

	/** Reads the topics and creates them: the broker's admin. */
	private final Map<String, Object> kafkaAdmin = infrastructure.kafkaAdminConfig();

	@Test
	void printsRelayFiguresBesideTheCeilingsAndThePeer() throws Exception {
		BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
		long started = System.nanoTime();
		progress("Relay benchmark, %s", settings.describe());
		createTopics(Topics.ORDERS.name(), RAW_TOPIC, ModulithOrderPlaced.TOPIC);
		String envelope = codec.writeString(BenchmarkEvents.envelope(codec, UUID.randomUUID()));
		List<Row> rows = new ArrayList<>();
		List<String> valueSizes = new ArrayList<>();
		valueSizes.add("raw producer " + envelope.getBytes(StandardCharsets.UTF_8).length + " B");
		double kafkaCeiling;
		double postgresCeiling;
		Map<String, Object> producerConfig;

		try (OutboxPath relay = OutboxPath.start(infrastructure, POOL_SIZE)) {
			producerConfig = relay.producerConfig();

			progress("Ceiling (b): PostgreSQL commits of the outbox INSERT");
			PostgresCeiling postgres = PostgresCeiling.prepare(infrastructure.database("postgres-ceiling"), envelope);
			double oneConnection = postgres.commitsPerSecond(1, settings.ceiling());
			postgresCeiling = postgres.commitsPerSecond(settings.threads(), settings.ceiling());
			postgres.dropNotifyTrigger();
			double withoutNotify = postgres.commitsPerSecond(settings.threads(), settings.ceiling());

			progress("Ceiling (a): raw idempotent producer, acks=all");
			Steady sendToAck;
			try (KafkaCeiling raw = new KafkaCeiling(producerConfig, RAW_TOPIC,
					envelope.getBytes(StandardCharsets.UTF_8), settings.aggregates())) {
				raw.throughput(WARMUP);
				kafkaCeiling = raw.throughput(settings.ceiling());
				raw.steady(settings.rate(), WARMUP);
				sendToAck = raw.steady(settings.rate(), settings.steady());
			}
			rows.add(new Row("(a) Kafka: raw idempotent producer, acks=all ¹", kafkaCeiling, false,
					sendToAck.achievedRate(), sendToAck.latency()));
			rows.add(Row.throughputOnly("(b) PostgreSQL: outbox INSERT, 1 connection ²", oneConnection, false));
			rows.add(Row.throughputOnly("(b) PostgreSQL: outbox INSERT, " + settings.threads() + " connections ²",
					postgresCeiling, false));
			rows.add(Row.throughputOnly("(b) PostgreSQL: outbox INSERT, " + settings.threads()
					+ " connections, no NOTIFY trigger ²", withoutNotify, false));

			rows.add(measure(relay, settings, valueSizes));
			relay.addInstance();
			rows.add(measure(relay, settings, valueSizes));
		}
		try (ModulithPath modulith = ModulithPath.start(infrastructure, producerConfig, POOL_SIZE,
				settings.modulithExecutorThreads())) {
			rows.add(measure(modulith, settings, valueSizes));
		}

		ResultTable table = new ResultTable(rows, kafkaCeiling, postgresCeiling);
		String section = section(settings, table, valueSizes, Duration.ofNanos(System.nanoTime() - started));
		System.out.println("\n" + section);
		Path report = settings.report();
		if (report != null) {
			BenchmarkReport.RELAY.write(report, section);
			progress("Results written to %s", report.toAbsolutePath().normalize());
		}
	}

	/** Drains a warm-up backlog, then the measured one, then runs the steady rate. */
	private Row measure(PublishingPath path, BenchmarkSettings settings, List<String> valueSizes) {
		progress("%s: backlog of %,d events", path.name(), settings.backlog());
		if (settings.warmup() > 0) {
			drain(path, settings.warmup(), settings.aggregates());
		}
		Drain drain = drain(path, settings.backlog(), settings.aggregates());
		progress("%s: %,.0f events/s; steady %,d events/s for %d s", path.name(), drain.perSecond(), settings.rate(),
				settings.steady().toSeconds());
		steady(path, settings.rate(), WARMUP, settings.threads());
		Steady steady = steady(path, settings.rate(), settings.steady(), settings.threads());
		valueSizes.add(path.name() + " " + drain.meanValueBytes() + " B");
		return new Row(path.name() + " ³", drain.perSecond(), true, steady.achievedRate(), steady.latency());
	}

	/**
	 * Commits one event per order in a single transaction, then times from the commit until a plain
	 * consumer has read the last of them.
	 */
	private Drain drain(PublishingPath path, int events, int aggregates) {
		List<UUID> orderIds = IntStream.range(0, events).mapToObj(i -> BenchmarkEvents.order(i, aggregates)).toList();
		try (KafkaProbe probe = KafkaProbe.start(kafkaAdmin, path.topic())) {
			probe.expect(events);
			long started = System.nanoTime();
			AtomicLong committedAt = new AtomicLong();
			path.commitBacklog(orderIds, () -> committedAt.set(System.nanoTime()));
			long lastOnKafka = probe.awaitExpected(TIMEOUT);
			path.awaitAllMarkedPublished(TIMEOUT);
			long marked = System.nanoTime();
			path.cleanUp();
			progress("%s: %,d events written in %.1f s, on Kafka %.2f s after the commit, marked published after %.2f s",
					path.name(), events, seconds(committedAt.get() - started), seconds(lastOnKafka - committedAt.get()),
					seconds(marked - committedAt.get()));
			return new Drain(events * 1e9 / Math.max(1, lastOnKafka - committedAt.get()), probe.meanValueBytes());
		}
	}

	/**
	 * Commits one event per transaction at a fixed rate and matches each event's commit with its
	 * arrival at a plain consumer, by key (every event is a new order).
	 */
	private Steady steady(PublishingPath path, int rate, Duration duration, int threads) {
		try (KafkaProbe probe = KafkaProbe.start(kafkaAdmin, path.topic())) {
			Map<String, Long> commits = new ConcurrentHashMap<>();
			FixedRate.Outcome outcome = FixedRate.run(rate, duration, threads, i -> {
				UUID orderId = UUID.randomUUID();
				path.commitOne(orderId, () -> commits.put(orderId.toString(), System.nanoTime()));
			});
			probe.awaitReceived(commits.size(), TIMEOUT);
			LatencySummary latency = LatencySummary.between(commits, probe.arrivals());
			path.awaitAllMarkedPublished(TIMEOUT);
			path.cleanUp();
			return new Steady(outcome.perSecond(), latency);
		}
	}

	private String section(BenchmarkSettings settings, ResultTable table, List<String> valueSizes, Duration took) {
		JdbcTemplate admin = new JdbcTemplate(infrastructure.adminDataSource());
		boolean local = infrastructure.mode() == InfrastructureMode.LOCAL;
		String postgres = "PostgreSQL %s (%s, fsync=%s, synchronous_commit=%s)".formatted(
				admin.queryForObject("SHOW server_version", String.class), local ? "embedded, zonky binaries" : "container",
				admin.queryForObject("SHOW fsync", String.class),
				admin.queryForObject("SHOW synchronous_commit", String.class));
		String kafka = ("Kafka %s (a broker process beside the benchmark JVM, one KRaft node, SASL/SCRAM, "
				+ "%d partitions per topic)").formatted(AppInfoParser.getVersion(), PARTITIONS);
		String modulith = Externalized.class.getPackage().getImplementationVersion();
		String arguments = System.getenv("MAVEN_CMD_LINE_ARGS");
		StringBuilder text = new StringBuilder();
		text.append("## Results of ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
			.append(settings.quick() ? " (quick mode: provisional)" : "").append("\n\n");
		text.append(table.markdown()).append('\n');
		text.append("""
				¹ Throughput: records sent for %d s as fast as the producer takes them, until the last ack. \
				Latency: send → ack at the steady rate, one sending thread.

				² Commits per second, one INSERT per transaction (autocommit), %d s per run; the ratios \
				divide by the %d-connection figure with the trigger.

				³ Throughput: a backlog committed in one transaction, from the commit until a plain \
				consumer has read its last event. Latency: commit → read by that consumer, one event per \
				transaction at the steady rate; "steady rate" is the commit rate the load achieved (events \
				still waiting when the steady phase ends are dropped, not run late).

				""".formatted(settings.ceiling().toSeconds(), settings.ceiling().toSeconds(), settings.threads()));
		text.append("- Settings: ").append(settings.describe()).append(".\n");
		text.append("- Record values (mean, without headers): ").append(String.join("; ", valueSizes)).append(".\n");
		text.append("- Software: ").append(postgres).append("; ").append(kafka).append("; Spring Boot ")
			.append(SpringBootVersion.getVersion()).append(", Spring Modulith ")
			.append(modulith == null ? "(version unknown)" : modulith).append("; commit ")
			.append(BenchmarkReport.commit()).append(".\n");
		text.append("- Command: `").append(COMMAND).append(settings.quick() ? " -Dbench.quick=true" : "").append('`');
		if (arguments != null && !arguments.isBlank()) {
			text.append("; this run's Maven arguments: `").append(arguments.strip()).append('`');
		}
		text.append("; it took ").append(took.toSeconds()).append(" s.\n\n");
		text.append("Machine:\n\n").append(BenchmarkReport.machine());
		return text.toString();
	}

	private void createTopics(String... names) throws InterruptedException, ExecutionException {
		try (Admin admin = Admin.create(kafkaAdmin)) {
			for (String name : names) {
				try {
					admin.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1))).all().get();
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw ex;
					}
				}
			}
		}
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static void progress(String format, Object... arguments) {
		System.out.println("[relay-benchmark " + LocalTime.now().format(CLOCK) + "] "
				+ String.format(Locale.ROOT, format, arguments));
	}

	/**
	 * @param perSecond events from the commit until the last was readable on Kafka, per second
	 * @param meanValueBytes mean size of the records' values
	 */
	record Drain(double perSecond, long meanValueBytes) {
	}
}
