package dev.ordersaga.benchmarks.saga;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What one run of the saga load benchmark does, read from system properties ({@code -Dbench.rates=20,40}
 * on the Maven command line reaches the test JVM). {@code bench.quick=true} picks smaller defaults
 * that prove the benchmark works; explicit properties win over either set.
 *
 * @param rates the sweep: orders per second of each step, ascending ({@code bench.rates})
 * @param step how long each step places orders ({@code bench.step-seconds})
 * @param warmup orders placed at the first rate before the sweep, not reported ({@code bench.warmup-seconds})
 * @param drain how long a step may take after its last order to finish every order and empty every
 * outbox and consumer lag; a step that does not is saturated ({@code bench.drain-seconds})
 * @param idle how long the idle suite's CPU is measured, 30 s after it started and before any order
 * ({@code bench.idle-seconds}, 0 for not at all)
 * @param customers customers the orders are spread over ({@code bench.customers})
 * @param skus products the orders are spread over ({@code bench.skus})
 * @param targetP99 the latency goal: the report names the highest rate whose p99 stays under it
 * ({@code bench.target-p99-ms})
 * @param jfr whether each service records a Java Flight Recording of the sweep ({@code bench.jfr})
 * @param keepSuite whether the suite keeps running after the run, to look at it ({@code bench.keep-suite})
 * @param report the Markdown file whose saga section the run rewrites, {@literal null} for none
 * ({@code bench.report}, {@code none} for none)
 */
record SagaSettings(List<Integer> rates, Duration step, Duration warmup, Duration drain, Duration idle, int customers,
		int skus,
		Duration targetP99, boolean jfr, boolean keepSuite, @Nullable Path report) {

	SagaSettings {
		if (rates.isEmpty() || rates.stream().anyMatch(rate -> rate <= 0)) {
			throw new IllegalArgumentException("bench.rates must list positive orders per second, was " + rates);
		}
		for (int i = 1; i < rates.size(); i++) {
			if (rates.get(i) <= rates.get(i - 1)) {
				throw new IllegalArgumentException("bench.rates must be ascending, was " + rates);
			}
		}
		positive("bench.step-seconds", step.toSeconds());
		positive("bench.drain-seconds", drain.toSeconds());
		positive("bench.customers", customers);
		positive("bench.skus", skus);
		positive("bench.target-p99-ms", targetP99.toMillis());
		if (warmup.isNegative()) {
			throw new IllegalArgumentException("bench.warmup-seconds must not be negative, was " + warmup.toSeconds());
		}
		if (idle.isNegative()) {
			throw new IllegalArgumentException("bench.idle-seconds must not be negative, was " + idle.toSeconds());
		}
		rates = List.copyOf(rates);
	}

	/** @return the settings of this JVM's system properties */
	static SagaSettings fromSystemProperties() {
		return from(System::getProperty);
	}

	/**
	 * @param properties looks a property up, {@literal null} when it is not set
	 * @return the settings, never {@literal null}
	 * @throws IllegalArgumentException when a value is not a number or out of range
	 */
	static SagaSettings from(Function<String, @Nullable String> properties) {
		boolean quick = Boolean.parseBoolean(properties.apply("bench.quick"));
		String rates = properties.apply("bench.rates");
		String report = properties.apply("bench.report");
		return new SagaSettings(rates(rates == null ? (quick ? "10,20" : "5,10,20,50,100,200,400,800") : rates),
				seconds(properties, "bench.step-seconds", quick ? 10 : 30),
				seconds(properties, "bench.warmup-seconds", quick ? 10 : 60),
				seconds(properties, "bench.drain-seconds", quick ? 60 : 120),
				seconds(properties, "bench.idle-seconds", quick ? 10 : 60),
				number(properties, "bench.customers", 200), number(properties, "bench.skus", 20),
				Duration.ofMillis(number(properties, "bench.target-p99-ms", 250)),
				Boolean.parseBoolean(properties.apply("bench.jfr")),
				Boolean.parseBoolean(properties.apply("bench.keep-suite")),
				report == null || report.isBlank() || "none".equals(report) ? null : Path.of(report));
	}

	private static List<Integer> rates(String text) {
		try {
			return Arrays.stream(text.split(",")).map(String::strip).map(Integer::valueOf).toList();
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("bench.rates must be whole orders per second separated by commas, was '"
					+ text + "'", ex);
		}
	}

	private static Duration seconds(Function<String, @Nullable String> properties, String name, int fallback) {
		return Duration.ofSeconds(number(properties, name, fallback));
	}

	private static int number(Function<String, @Nullable String> properties, String name, int fallback) {
		String value = properties.apply(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", ex);
		}
	}

	private static void positive(String name, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}
}
