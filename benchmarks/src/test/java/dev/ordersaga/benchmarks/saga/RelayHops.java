package dev.ordersaga.benchmarks.saga;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * The relay hops of one step: each outbox row's trip from its insert ({@code created_at}, stamped
 * inside the business transaction) to its publication ({@code published_at}, stamped after Kafka
 * acknowledged it), for the rows created while the step placed orders.
 *
 * @param all the hops of every service together
 * @param byService each service's hops; a service whose outbox had no such rows is absent
 */
record RelayHops(Hops all, Map<String, Hops> byService) {

	/** A hop longer than this is slow. The goal: under 1 % of the hops slow at 10 orders/s. */
	static final Duration SLOW = Duration.ofMillis(100);

	static final RelayHops NONE = new RelayHops(Hops.NONE, Map.of());

	RelayHops {
		byService = Map.copyOf(byService);
	}

	/**
	 * Hop delays of a set of outbox rows, in milliseconds.
	 *
	 * @param count published rows
	 * @param p50Millis median (interpolated between rows, as PostgreSQL's {@code percentile_cont})
	 * @param p99Millis 99th percentile (interpolated the same way)
	 * @param maxMillis the longest
	 * @param slow rows whose hop took longer than {@link #SLOW}
	 */
	record Hops(long count, double p50Millis, double p99Millis, double maxMillis, long slow) {

		static final Hops NONE = new Hops(0, 0, 0, 0, 0);

		/** @return the share of hops longer than {@link #SLOW}, in % of all hops; 0 when there were none */
		double slowPercent() {
			return count == 0 ? 0 : 100.0 * slow / count;
		}
	}

	/** @return the service with the highest p99, empty when no service published anything */
	Optional<Map.Entry<String, Hops>> worstByP99() {
		return byService.entrySet().stream()
			.filter(service -> service.getValue().count() > 0)
			.max(Comparator.comparingDouble(service -> service.getValue().p99Millis()));
	}
}
