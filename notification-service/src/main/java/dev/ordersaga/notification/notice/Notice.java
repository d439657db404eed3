package dev.ordersaga.notification.notice;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A notification an order's event calls for, and when it is due: decided here from what is known of
 * the order, recorded by {@link NotificationRecording}, sent by {@link MailDispatcher}.
 * <p>
 * Cancellation and refund are joined like this: a cancellation notice of an order that may have been
 * paid waits up to the refund wait for PaymentRefunded, so one e-mail states the reason and the
 * refunded amount. A refund seen first is kept and stated when the cancellation arrives; a refund
 * that arrives while the cancellation notice is not sent yet joins it and makes it due at once; a
 * refund that arrives after the cancellation notice went out gets a notice of its own. A declined
 * payment has nothing to refund, so its cancellation notice is due at once.
 *
 * @param kind what it tells
 * @param amount the amount it is about (payment, order total or refund)
 * @param currency the amount's currency
 * @param reason the cancellation or refund reason, for those kinds
 * @param refundedAmount for a cancellation: the refund it states, when already known
 * @param delay how long it waits before it is due; zero when it is due at once
 */
record Notice(Notification.Kind kind, BigDecimal amount, String currency, @Nullable String reason,
		@Nullable BigDecimal refundedAmount, Duration delay) {

	/** Why an order was cancelled, in this service's terms; the names are the stored values. */
	enum CancellationReason {
		PAYMENT_DECLINED, OUT_OF_STOCK, CUSTOMER_REQUEST, TIMEOUT
	}

	/** What a refund does to an order's notices, given its cancellation notice so far. */
	enum OnRefund {

		/** The cancellation notice is not sent yet: it states the refund and is due at once. */
		JOIN_CANCELLATION,

		/** The cancellation notice went out without the refund: the refund gets a notice of its own. */
		OWN_NOTICE,

		/** No cancellation yet: the refund is kept, and the cancellation will state it. */
		KEEP_FOR_CANCELLATION
	}

	static Notice paymentReceipt(BigDecimal amount, String currency) {
		return new Notice(Notification.Kind.PAYMENT_RECEIPT, amount, currency, null, null, Duration.ZERO);
	}

	static Notice orderConfirmation(BigDecimal total, String currency) {
		return new Notice(Notification.Kind.ORDER_CONFIRMATION, total, currency, null, null, Duration.ZERO);
	}

	/**
	 * The cancellation notice: due at once when the refund is already known or there is none to come
	 * (a declined payment), otherwise after {@code refundWait}, unless a refund joins it earlier.
	 * @param refundSeen the order's refund, if one arrived before the cancellation
	 */
	static Notice orderCancellation(CancellationReason reason, BigDecimal total, String currency,
			Optional<BigDecimal> refundSeen, Duration refundWait) {
		boolean nothingToWaitFor = refundSeen.isPresent() || reason == CancellationReason.PAYMENT_DECLINED;
		return new Notice(Notification.Kind.ORDER_CANCELLATION, total, currency, reason.name(), refundSeen.orElse(null),
				nothingToWaitFor ? Duration.ZERO : refundWait);
	}

	/**
	 * Decides where a refund is told.
	 * @param cancellationNotice the status of the order's cancellation notice, empty when there is none yet
	 */
	static OnRefund onRefund(Optional<Notification.Status> cancellationNotice) {
		if (cancellationNotice.isEmpty()) {
			return OnRefund.KEEP_FOR_CANCELLATION;
		}
		return cancellationNotice.get() == Notification.Status.PENDING ? OnRefund.JOIN_CANCELLATION : OnRefund.OWN_NOTICE;
	}

	/** The notice of a refund that came after the cancellation notice went out. */
	static Notice refundNotice(BigDecimal amount, String currency, String reason) {
		return new Notice(Notification.Kind.REFUND_NOTICE, amount, currency, reason, null, Duration.ZERO);
	}

	/** @return whether it is due at once, rather than after a wait */
	boolean dueNow() {
		return delay.isZero();
	}
}
