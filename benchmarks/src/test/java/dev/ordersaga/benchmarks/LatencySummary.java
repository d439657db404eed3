package dev.ordersaga.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency measurement, in milliseconds.
 *
 * @param count latencies measured
 * @param missing events that started (committed, sent) but never ended (reached Kafka, were acknowledged)
 * @param p50Millis median
 * @param p95Millis 95th percentile
 * @param p99Millis 99th percentile
 * @param maxMillis the largest
 */
public record LatencySummary(long count, long missing, double p50Millis, double p95Millis, double p99Millis,
		double maxMillis) {

	/** Longest latency a histogram records; anything longer is clamped to it. */
	public static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

	/** @return an empty histogram of microseconds, three significant digits */
	public static Histogram histogram() {
		return new Histogram(HIGHEST_MICROS, 3);
	}

	/**
	 * @param micros latencies in microseconds, must not be {@literal null}
	 * @param missing events whose latency could not be measured
	 * @return their summary, all zero when the histogram is empty
	 */
	public static LatencySummary of(Histogram micros, long missing) {
		if (micros.getTotalCount() == 0) {
			return new LatencySummary(0, missing, 0, 0, 0, 0);
		}
		return new LatencySummary(micros.getTotalCount(), missing, millis(micros.getValueAtPercentile(50)),
				millis(micros.getValueAtPercentile(95)), millis(micros.getValueAtPercentile(99)),
				millis(micros.getMaxValue()));
	}

	/**
	 * Matches start and end times by key: the latency of each key is its end minus its start.
	 * @param startNanos {@link System#nanoTime()} at which each key started, must not be {@literal null}
	 * @param endNanos {@link System#nanoTime()} at which each key ended; keys that never started are ignored
	 * @return the summary; keys that started but did not end count as missing
	 */
	static LatencySummary between(Map<String, Long> startNanos, Map<String, Long> endNanos) {
		Histogram histogram = histogram();
		long missing = 0;
		for (Map.Entry<String, Long> start : startNanos.entrySet()) {
			Long end = endNanos.get(start.getKey());
			if (end == null) {
				missing++;
				continue;
			}
			// An end a few microseconds before the start is the same instant seen from two threads.
			long micros = Math.max(0, (end - start.getValue()) / 1_000);
			histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
		}
		return of(histogram, missing);
	}

	private static double millis(long micros) {
		return micros / 1_000.0;
	}
}
