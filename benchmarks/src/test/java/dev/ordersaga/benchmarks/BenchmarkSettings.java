package dev.ordersaga.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What one benchmark run does, read from system properties ({@code -Dbench.backlog=50000} on the
 * Maven command line reaches the test JVM). {@code bench.quick=true} picks smaller defaults that
 * prove the benchmark works in well under two minutes; explicit properties win over either set.
 *
 * @param quick whether the quick defaults apply
 * @param backlog events committed at once, then drained ({@code bench.backlog})
 * @param warmup events drained once per path before the measured drain, not reported ({@code bench.warmup})
 * @param rate events per second of the steady phase ({@code bench.rate})
 * @param steady how long the steady phase runs ({@code bench.steady-seconds})
 * @param aggregates distinct aggregates (orders) the backlog's events belong to ({@code bench.aggregates})
 * @param threads threads committing at the steady rate, and connections of the PostgreSQL ceiling
 * ({@code bench.threads})
 * @param ceiling how long each run of a ceiling lasts ({@code bench.ceiling-seconds})
 * @param modulithExecutorThreads threads of the peer's task executor, on which Spring Modulith
 * externalizes; Boot's default is 8 ({@code bench.modulith-executor-threads})
 * @param report the Markdown file whose results section the run rewrites, {@literal null} to write
 * none ({@code bench.report}, {@code none} for none)
 */
record BenchmarkSettings(boolean quick, int backlog, int warmup, int rate, Duration steady, int aggregates, int threads,
		Duration ceiling, int modulithExecutorThreads, @Nullable Path report) {

	BenchmarkSettings {
		positive("bench.backlog", backlog);
		positive("bench.rate", rate);
		positive("bench.aggregates", aggregates);
		positive("bench.threads", threads);
		positive("bench.modulith-executor-threads", modulithExecutorThreads);
		if (warmup < 0) {
			throw new IllegalArgumentException("bench.warmup must not be negative, was " + warmup);
		}
		if (steady.isNegative() || steady.isZero() || ceiling.isNegative() || ceiling.isZero()) {
			throw new IllegalArgumentException("bench.steady-seconds and bench.ceiling-seconds must be positive");
		}
	}

	/** @return the settings of this JVM's system properties */
	static BenchmarkSettings fromSystemProperties() {
		return from(System::getProperty);
	}

	/**
	 * @param properties looks a property up, {@literal null} when it is not set
	 * @return the settings, never {@literal null}
	 * @throws IllegalArgumentException when a value is not a number or out of range
	 */
	static BenchmarkSettings from(Function<String, @Nullable String> properties) {
		boolean quick = Boolean.parseBoolean(properties.apply("bench.quick"));
		String report = properties.apply("bench.report");
		return new BenchmarkSettings(quick, number(properties, "bench.backlog", quick ? 2_000 : 20_000),
				number(properties, "bench.warmup", quick ? 200 : 5_000),
				number(properties, "bench.rate", quick ? 500 : 2_000),
				Duration.ofSeconds(number(properties, "bench.steady-seconds", quick ? 3 : 15)),
				number(properties, "bench.aggregates", 1_000), number(properties, "bench.threads", 4),
				Duration.ofSeconds(number(properties, "bench.ceiling-seconds", quick ? 2 : 5)),
				number(properties, "bench.modulith-executor-threads", 8),
				report == null || report.isBlank() || report.equals("none") ? null : Path.of(report));
	}

	/** @return a one-line description for the report */
	String describe() {
		return ("%s mode: backlog %,d events (after a warm-up of %,d) over %,d orders; steady %,d events/s for %d s "
				+ "from %d threads; ceilings %d s per run; Spring Modulith executor %d threads")
			.formatted(quick ? "quick" : "full", backlog, warmup, aggregates, rate, steady.toSeconds(), threads,
					ceiling.toSeconds(), modulithExecutorThreads);
	}

	private static int number(Function<String, @Nullable String> properties, String name, int defaultValue) {
		String value = properties.apply(name);
		if (value == null || value.isBlank()) {
			return defaultValue;
		}
		try {
			return Integer.parseInt(value.trim().replace("_", ""));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a whole number, was \"" + value + "\"", ex);
		}
	}

	private static void positive(String name, int value) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, was " + value);
		}
	}
}
