package dev.ordersaga.notification.notice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.messaging.inbox.EventMetadata;

/**
 * Records the notifications an order's events owe, as {@link Notice} decides them; never sends. Runs
 * inside the inbox transaction of the event being handled, serialised per order: each method locks
 * the order, lets {@link Notice} decide and records what it answers.
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
		record(orderId, customerId, Notice.paymentReceipt(amount, currency), cause);
	}

	public void orderConfirmed(UUID orderId, UUID customerId, BigDecimal total, String currency, EventMetadata cause) {
		record(orderId, customerId, Notice.orderConfirmation(total, currency), cause);
	}

	void orderCancelled(UUID orderId, UUID customerId, Notice.CancellationReason reason, BigDecimal total,
			String currency, EventMetadata cause) {
		notifications.lockOrder(orderId);
		record(orderId, customerId,
				Notice.orderCancellation(reason, total, currency, notifications.refundOf(orderId), settings.refundWait()),
				cause);
	}

	public void paymentRefunded(UUID orderId, UUID customerId, BigDecimal amount, String currency, String reason,
			Instant occurredAt, EventMetadata cause) {
		notifications.lockOrder(orderId);
		notifications.recordRefund(orderId, amount, currency, reason, occurredAt);
		switch (Notice.onRefund(notifications.lockCancellationNotice(orderId))) {
			case JOIN_CANCELLATION -> {
				notifications.joinRefund(orderId, amount);
				log.debug("Refund of order {} joined its pending cancellation notice", orderId);
				events.publishEvent(new MailDispatcher.Due(orderId));
			}
			case OWN_NOTICE -> record(orderId, customerId, Notice.refundNotice(amount, currency, reason), cause);
			case KEEP_FOR_CANCELLATION -> log.debug("Refund of order {} is kept for its cancellation notice", orderId);
		}
	}

	private void record(UUID orderId, UUID customerId, Notice notice, EventMetadata cause) {
		boolean recorded = notifications.record(orderId, customerId, notice.kind(), notice.amount(), notice.currency(),
				notice.reason(), notice.refundedAmount(), notice.delay(), settings.messageIdDomain(),
				cause.correlationId(), cause.eventId());
		if (!recorded) {
			log.info("Order {} already has its {} notification; event {} adds none", orderId, notice.kind(),
					cause.eventId());
		}
		else if (notice.dueNow()) {
			events.publishEvent(new MailDispatcher.Due(orderId));
		}
	}
}
