package dev.ordersaga.order.admission;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * How fast one customer may place orders: a token bucket per customer (Bucket4j) of
 * {@link AdmissionSettings.PerCustomer#burst()} orders, refilled at
 * {@link AdmissionSettings.PerCustomer#ordersPerMinute()}. It keeps one script with a customer's token
 * from taking the whole shop's admission for itself. The buckets live in this instance's memory
 * (Caffeine, dropped after a minute without orders once full again), so with n instances behind a
 * balancer a customer gets up to n times the rate.
 */
@Component
public class CustomerRateLimit {

	private final AdmissionSettings.PerCustomer settings;

	private final Cache<UUID, Bucket> buckets;

	private final Counter limited;

	CustomerRateLimit(AdmissionSettings settings, MeterRegistry meters) {
		this.settings = settings.perCustomer();
		this.buckets = Caffeine.newBuilder()
			.expireAfterAccess(refillTime(this.settings))
			.maximumSize(this.settings.customers())
			.build();
		this.limited = Counter.builder("orders.rate.limited")
			.description("Orders refused because their customer placed too many too fast")
			.register(meters);
	}

	/**
	 * Takes one order of this customer's allowance.
	 * @throws TooFast when the customer has none left; it says when the next one comes
	 */
	public void take(UUID customerId) {
		if (!settings.enabled()) {
			return;
		}
		ConsumptionProbe probe = buckets.get(customerId, id -> newBucket()).tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			limited.increment();
			long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toMillis() / 1000 + 1);
			throw new TooFast(settings.burst(), settings.ordersPerMinute(), seconds);
		}
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(settings.burst())
				.refillGreedy(settings.ordersPerMinute(), Duration.ofMinutes(1))
				.build())
			.build();
	}

	/** How long an untouched bucket takes to be full again: after that, forgetting it changes nothing. */
	private static Duration refillTime(AdmissionSettings.PerCustomer settings) {
		return Duration.ofMillis(Math.max(1, 60_000L * settings.burst() / settings.ordersPerMinute()));
	}

	/** The customer placed more orders than their allowance. */
	public static class TooFast extends RuntimeException {

		private final long retryAfterSeconds;

		TooFast(int burst, int perMinute, long retryAfterSeconds) {
			super("Too many orders too fast: a customer may place " + burst + " orders at once and " + perMinute
					+ " a minute; try again in " + retryAfterSeconds + " s");
			this.retryAfterSeconds = retryAfterSeconds;
		}

		public long retryAfterSeconds() {
			return retryAfterSeconds;
		}
	}
}
