package dev.ordersaga.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The results as one Markdown table: a row per path or ceiling, throughput with its ratio to the
 * two ceilings, and the latency at the steady rate.
 *
 * @param rows in print order, must not be {@literal null}
 * @param kafkaCeiling events per second of ceiling (a)
 * @param postgresCeiling commits per second of ceiling (b) on N connections
 */
record ResultTable(List<Row> rows, double kafkaCeiling, double postgresCeiling) {

	private static final String NONE = "–";

	ResultTable {
		rows = List.copyOf(rows);
	}

	/**
	 * One line of the table.
	 *
	 * @param label what was measured, must not be {@literal null}
	 * @param throughput events (or commits) per second, {@literal null} when not measured
	 * @param ratios whether to show the throughput as a share of the ceilings
	 * @param steadyRate the rate the steady phase achieved, {@literal null} when there was none
	 * @param latency the steady phase's latencies, {@literal null} when there was none
	 */
	record Row(String label, @Nullable Double throughput, boolean ratios, @Nullable Double steadyRate,
			@Nullable LatencySummary latency) {

		/** A ceiling or path without a steady phase. */
		static Row throughputOnly(String label, double throughput, boolean ratios) {
			return new Row(label, throughput, ratios, null, null);
		}
	}

	/** @return the table, its header first, one line per row, never {@literal null} */
	String markdown() {
		List<String> lines = new ArrayList<>();
		lines.add("| Path | Throughput (events/s) | of Kafka ceiling (a) | of PostgreSQL ceiling (b) "
				+ "| Steady rate (events/s) | p50 ms | p95 ms | p99 ms | max ms |");
		lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
		for (Row row : rows) {
			LatencySummary latency = row.latency();
			lines.add("| " + label(row) + " | " + count(row.throughput()) + " | "
					+ ratio(row, kafkaCeiling) + " | " + ratio(row, postgresCeiling) + " | "
					+ count(row.steadyRate()) + " | " + millis(latency, LatencySummary::p50Millis) + " | "
					+ millis(latency, LatencySummary::p95Millis) + " | " + millis(latency, LatencySummary::p99Millis)
					+ " | " + millis(latency, LatencySummary::maxMillis) + " |");
		}
		return String.join("\n", lines) + "\n";
	}

	private static String label(Row row) {
		LatencySummary latency = row.latency();
		if (latency == null || latency.missing() == 0) {
			return row.label();
		}
		return row.label() + " (" + String.format(Locale.ROOT, "%,d", latency.missing()) + " events never arrived)";
	}

	private static String ratio(Row row, double ceiling) {
		Double throughput = row.throughput();
		if (!row.ratios() || throughput == null || ceiling <= 0) {
			return NONE;
		}
		return String.format(Locale.ROOT, "%.0f %%", 100 * throughput / ceiling);
	}

	private static String count(@Nullable Double value) {
		return value == null ? NONE : String.format(Locale.ROOT, "%,.0f", value);
	}

	private static String millis(@Nullable LatencySummary latency,
			java.util.function.ToDoubleFunction<LatencySummary> percentile) {
		if (latency == null || latency.count() == 0) {
			return NONE;
		}
		double value = percentile.applyAsDouble(latency);
		return String.format(Locale.ROOT, value < 10 ? "%.1f" : "%,.0f", value);
	}
}
