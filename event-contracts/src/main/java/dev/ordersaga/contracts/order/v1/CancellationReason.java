package dev.ordersaga.contracts.order.v1;

/** Why an order was cancelled. */
public enum CancellationReason {

	/** The payment was declined. */
	PAYMENT_DECLINED,

	/** A line could not be reserved; the payment is refunded. */
	OUT_OF_STOCK,

	/** The customer cancelled before confirmation. */
	CUSTOMER_REQUEST,

	/** The saga did not finish before its deadline. */
	TIMEOUT
}
