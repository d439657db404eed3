package dev.ordersaga.notification.notice;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.contracts.notification.v1.NotificationKind;
import dev.ordersaga.contracts.order.v1.CancellationReason;
import dev.ordersaga.messaging.inbox.EventMetadata;

/**
 * Decides which notifications an order's events owe and records them; never sends. Runs inside the
 * inbox transaction of the event being handled, serialised per order.
 * <p>
 * Cancellation and refund are joined like this: a cancellation notice of an order that may have
 * been paid waits up to {@code notification.refund-wait} for PaymentRefunded, so one e-mail states
 * the reason and the refunded amount. A refund seen first is kept and read when the cancellation
 * arrives; a refund that arrives after the cancellation notice went out gets its own refund notice.
 * A declined payment has nothing to refund, so its cancellation notice is due at once.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class NotificationRecording {

	private static final Logger log = LoggerFactory.getLogger(NotificationRecording.class);

	private final Notifications notifications;

	private final NotificationSettings settings;

	private final ApplicationEventPublisher events;

	NotificationRecording(Notifications notifications, NotificationSettings settings, ApplicationEventPublisher events) {
		this.notifications = notifications;
		this.settings = settings;
		this.events = events;
	}

	public void paymentReceived(UUID orderId, UUID customerId, BigDecimal amount, String currency,
			EventMetadata cause) {
		record(orderId, customerId, NotificationKind.PAYMENT_RECEIPT, amount, currency, null, null, Duration.ZERO,
				cause);
	}

	public void orderConfirmed(UUID orderId, UUID customerId, BigDecimal total, String currency, EventMetadata cause) {
		record(orderId, customerId, NotificationKind.ORDER_CONFIRMATION, total, currency, null, null, Duration.ZERO,
				cause);
	}

	public void orderCancelled(UUID orderId, UUID customerId, CancellationReason reason, BigDecimal total,
			String currency, EventMetadata cause) {
		notifications.lockOrder(orderId);
		Optional<BigDecimal> refund = notifications.refundOf(orderId);
		Duration wait = refund.isPresent() || reason == CancellationReason.PAYMENT_DECLINED ? Duration.ZERO
				: settings.refundWait();
		record(orderId, customerId, NotificationKind.ORDER_CANCELLATION, total, currency, reason.name(),
				refund.orElse(null), wait, cause);
	}

	public void paymentRefunded(UUID orderId, UUID customerId, BigDecimal amount, String currency, String reason,
			Instant occurredAt, EventMetadata cause) {
		notifications.lockOrder(orderId);
		notifications.recordRefund(orderId, amount, currency, reason, occurredAt);
		if (notifications.joinRefund(orderId, amount)) {
			log.debug("Refund of order {} joined its pending cancellation notice", orderId);
			events.publishEvent(new MailDispatcher.Due(orderId));
		}
		else if (notifications.exists(orderId, NotificationKind.ORDER_CANCELLATION)) {
			record(orderId, customerId, NotificationKind.REFUND_NOTICE, amount, currency, reason, null, Duration.ZERO,
					cause);
		}
		// Otherwise the cancellation is still to come and will state the refund it finds.
	}

	private void record(UUID orderId, UUID customerId, NotificationKind kind, BigDecimal amount, String currency,
			@Nullable String reason, @Nullable BigDecimal refunded, Duration wait, EventMetadata cause) {
		boolean recorded = notifications.record(orderId, customerId, kind, amount, currency, reason, refunded, wait,
				settings.messageIdDomain(), cause.correlationId(), cause.eventId());
		if (!recorded) {
			log.info("Order {} already has its {} notification; event {} adds none", orderId, kind, cause.eventId());
		}
		else if (wait.isZero()) {
			events.publishEvent(new MailDispatcher.Due(orderId));
		}
	}
}
