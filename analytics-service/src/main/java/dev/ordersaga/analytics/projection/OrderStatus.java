package dev.ordersaga.analytics.projection;

/**
 * Where an order stands as far as the events recorded so far tell: terminal outcomes take
 * precedence over PAID, and PAID over PENDING, whatever order the events arrived in.
 */
public enum OrderStatus {

	/** Known from at least one event, neither paid nor decided. */
	PENDING,

	/** Charged (PaymentCompleted) and not yet confirmed or cancelled. */
	PAID,

	/** OrderConfirmed: the saga ended well. */
	CONFIRMED,

	/** OrderCancelled, with a reason. */
	CANCELLED;

	/** @return whether the saga ended in this status */
	public boolean isTerminal() {
		return this == CONFIRMED || this == CANCELLED;
	}
}
