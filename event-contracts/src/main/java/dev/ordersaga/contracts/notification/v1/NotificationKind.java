package dev.ordersaga.contracts.notification.v1;

/** What a notification told the customer. */
public enum NotificationKind {

	/** The payment was taken. */
	PAYMENT_RECEIPT,

	/** The order is confirmed. */
	ORDER_CONFIRMATION,

	/** The order was cancelled, with the reason and any refund. */
	ORDER_CANCELLATION,

	/** Money was refunded. */
	REFUND_NOTICE
}
