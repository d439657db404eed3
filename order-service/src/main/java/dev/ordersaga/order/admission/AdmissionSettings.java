package dev.ordersaga.order.admission;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When order-service refuses new orders, under {@code order.admission}.
 *
 * @param enabled whether orders are refused at all while the saga is behind
 * @param maxOpenOrders open orders (placed, neither confirmed nor cancelled) from which a new order
 * is refused: with the saga finishing {@code n} orders a second, an accepted order waits at most
 * about {@code maxOpenOrders / n} seconds behind the others
 * @param refreshInterval how old the count of open orders may be before a request reads it again
 * @param retryAfter what a refusal's {@code Retry-After} tells the client, rounded up to seconds
 */
@ConfigurationProperties("order.admission")
public record AdmissionSettings(@DefaultValue("true") boolean enabled, @DefaultValue("100") int maxOpenOrders,
		@DefaultValue("100ms") Duration refreshInterval, @DefaultValue("1s") Duration retryAfter) {

	public AdmissionSettings {
		if (maxOpenOrders < 1) {
			throw new IllegalArgumentException("order.admission.max-open-orders must be at least 1, was " + maxOpenOrders);
		}
		if (refreshInterval.isNegative()) {
			throw new IllegalArgumentException("order.admission.refresh-interval must not be negative, was " + refreshInterval);
		}
		if (retryAfter.isNegative() || retryAfter.isZero()) {
			throw new IllegalArgumentException("order.admission.retry-after must be positive, was " + retryAfter);
		}
	}

	/** @return {@link #retryAfter} in whole seconds, at least one */
	public long retryAfterSeconds() {
		return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
	}
}
