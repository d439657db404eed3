package dev.ordersaga.notification.notice;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.contracts.Amounts;
import dev.ordersaga.contracts.order.v1.CancellationReason;
import dev.ordersaga.contracts.payment.v1.RefundReason;

/** The words of each kind of e-mail, rendered from a notification's facts. */
final class Mails {

	private Mails() {
	}

	/**
	 * @param subject the e-mail's subject
	 * @param body its plain-text body
	 */
	record Text(String subject, String body) {
	}

	static Text render(Notification notification, String greeting) {
		String order = notification.orderId().toString();
		String amount = money(notification.amount(), notification.currency());
		return switch (notification.kind()) {
			case PAYMENT_RECEIPT -> new Text("Payment received for order " + order,
					greeting + "we received your payment of " + amount + " for order " + order
							+ ". We are now reserving your items.\n");
			case ORDER_CONFIRMATION -> new Text("Order " + order + " is confirmed",
					greeting + "your order " + order + " of " + amount + " is confirmed: it is paid and your items "
							+ "are reserved.\n");
			case ORDER_CANCELLATION -> new Text("Order " + order + " was cancelled",
					greeting + "your order " + order + " of " + amount + " was cancelled because "
							+ cancellationReason(notification.reason()) + "."
							+ refund(notification.refundedAmount(), notification.currency()) + "\n");
			case REFUND_NOTICE -> new Text("Refund for order " + order,
					greeting + "we refunded " + amount + " for order " + order + " ("
							+ refundReason(notification.reason()) + ").\n");
		};
	}

	private static String refund(@Nullable BigDecimal refunded, String currency) {
		return refunded == null ? "" : " We refunded " + money(refunded, currency) + " to your account.";
	}

	private static String money(BigDecimal amount, String currency) {
		return Amounts.normalize(amount).toPlainString() + " " + currency;
	}

	private static String cancellationReason(@Nullable String reason) {
		if (reason == null) {
			return "it could not be completed";
		}
		return switch (CancellationReason.valueOf(reason)) {
			case PAYMENT_DECLINED -> "the payment was declined";
			case OUT_OF_STOCK -> "an item is out of stock";
			case CUSTOMER_REQUEST -> "you asked us to cancel it";
			case TIMEOUT -> "it could not be completed in time";
		};
	}

	private static String refundReason(@Nullable String reason) {
		if (reason == null) {
			return "refund";
		}
		return switch (RefundReason.valueOf(reason)) {
			case OUT_OF_STOCK -> "an item was out of stock";
			case ORDER_CANCELLED -> "the order was cancelled";
		};
	}
}
