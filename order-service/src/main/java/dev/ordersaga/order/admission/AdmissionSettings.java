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
 * @param perCustomer how fast one customer may place orders, under {@code order.admission.per-customer}
 */
@ConfigurationProperties("order.admission")
public record AdmissionSettings(@DefaultValue("true") boolean enabled, @DefaultValue("100") int maxOpenOrders,
		@DefaultValue("100ms") Duration refreshInterval, @DefaultValue("1s") Duration retryAfter,
		@DefaultValue PerCustomer perCustomer) {

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

	/**
	 * How fast one customer may place orders ({@link CustomerRateLimit}).
	 *
	 * @param enabled whether a customer's orders are limited at all
	 * @param burst orders a customer may place at once
	 * @param ordersPerMinute how fast the allowance refills
	 * @param customers customers whose allowance is kept at once; the least recently seen are forgotten
	 * beyond that (and start again with a full allowance)
	 */
	public record PerCustomer(@DefaultValue("true") boolean enabled, @DefaultValue("30") int burst,
			@DefaultValue("60") int ordersPerMinute, @DefaultValue("100000") int customers) {

		public PerCustomer {
			if (burst < 1 || ordersPerMinute < 1 || customers < 1) {
				throw new IllegalArgumentException("order.admission.per-customer: burst (" + burst
						+ "), orders-per-minute (" + ordersPerMinute + ") and customers (" + customers
						+ ") must each be at least 1");
			}
		}
	}

	/** @return {@link #retryAfter} in whole seconds, at least one */
	public long retryAfterSeconds() {
		return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
	}
}
