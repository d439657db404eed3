package dev.ordersaga.notification.notice;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How notifications are addressed, joined and dispatched.
 *
 * @param sender the From address of every e-mail
 * @param defaultRecipient where a customer's mail goes while no contact is known; {@code {customerId}}
 *     is replaced by the customer's id
 * @param messageIdDomain the right-hand side of every Message-ID ({@code <orderId.kind@domain>})
 * @param refundWait how long a cancellation notice of a paid order waits for its refund, so that one
 *     e-mail states both; a refund that comes later is sent as its own refund notice
 * @param dispatchInterval how often the dispatcher looks for notifications come due later (a commit of one due now starts it at once)
 * @param initialBackoff the wait after the first failed send; doubled per further failure
 * @param maxBackoff the longest wait between two attempts; sending is retried until it succeeds
 */
@ConfigurationProperties("notification")
public record NotificationSettings(@DefaultValue("orders@ordersaga.example") String sender,
		@DefaultValue("{customerId}@customers.ordersaga.example") String defaultRecipient,
		@DefaultValue("ordersaga.example") String messageIdDomain, @DefaultValue("5s") Duration refundWait,
		@DefaultValue("1s") Duration dispatchInterval, @DefaultValue("1s") Duration initialBackoff, @DefaultValue("2m") Duration maxBackoff) {

	public NotificationSettings {
		if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException("notification.initial-backoff must be positive and at most "
					+ "notification.max-backoff, were " + initialBackoff + " and " + maxBackoff);
		}
		if (refundWait.isNegative()) {
			throw new IllegalArgumentException("notification.refund-wait must not be negative, was " + refundWait);
		}
	}

	/** The address used for a customer without a contact. */
	public String defaultRecipientFor(UUID customerId) {
		return defaultRecipient.replace("{customerId}", customerId.toString());
	}

	/** The wait before attempt {@code attempts + 1}, after {@code attempts} failures. */
	Duration backoffAfter(int attempts) {
		ExponentialBackOff backOff = new ExponentialBackOff(initialBackoff.toMillis(), 2);
		backOff.setMaxInterval(maxBackoff.toMillis());
		BackOffExecution waits = backOff.start();
		long wait = waits.nextBackOff();
		for (int i = 1; i < attempts && wait < maxBackoff.toMillis(); i++) {
			wait = waits.nextBackOff();
		}
		return Duration.ofMillis(wait);
	}
}
