package dev.ordersaga.contracts.payment.v1;

/** Why a charge was given back. */
public enum RefundReason {

	/** The stock could not be reserved. */
	OUT_OF_STOCK,

	/** The order was cancelled (by the customer or by the saga's deadline). */
	ORDER_CANCELLED
}
