package dev.ordersaga.contracts.payment.v1;

/** Why a charge was declined. */
public enum PaymentFailureReason {

	/** The balance is lower than the amount. */
	INSUFFICIENT_FUNDS,

	/** The customer has no account. */
	NO_ACCOUNT,

	/** The account is kept in another currency. */
	CURRENCY_MISMATCH
}
