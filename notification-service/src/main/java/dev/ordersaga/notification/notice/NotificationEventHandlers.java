package dev.ordersaga.notification.notice;

import org.springframework.stereotype.Component;

import dev.ordersaga.contracts.order.v1.CancellationReason;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderConfirmed;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentRefunded;
import dev.ordersaga.messaging.inbox.EventMetadata;
import dev.ordersaga.messaging.inbox.IntegrationEventHandler;
import dev.ordersaga.notification.contact.Contacts;

/**
 * The saga events notification-service reacts to, handed to {@link NotificationRecording}; the
 * contract's cancellation reason is mapped to this service's own here, at the boundary.
 */
@Component
class NotificationEventHandlers {

	private final NotificationRecording recording;

	private final Contacts contacts;

	NotificationEventHandlers(NotificationRecording recording, Contacts contacts) {
		this.recording = recording;
		this.contacts = contacts;
	}

	@IntegrationEventHandler
	void on(OrderPlaced event) {
		if (event.customerEmail() != null) {
			contacts.learnFromOrder(event.customerId(), event.customerEmail());
		}
	}

	@IntegrationEventHandler
	void on(PaymentCompleted event, EventMetadata metadata) {
		recording.paymentReceived(event.orderId(), event.customerId(), event.amount(), event.currency(), metadata);
	}

	@IntegrationEventHandler
	void on(OrderConfirmed event, EventMetadata metadata) {
		recording.orderConfirmed(event.orderId(), event.customerId(), event.total(), event.currency(), metadata);
	}

	@IntegrationEventHandler
	void on(OrderCancelled event, EventMetadata metadata) {
		recording.orderCancelled(event.orderId(), event.customerId(), reason(event.reason()), event.total(),
				event.currency(), metadata);
	}

	@IntegrationEventHandler
	void on(PaymentRefunded event, EventMetadata metadata) {
		recording.paymentRefunded(event.orderId(), event.customerId(), event.amount(), event.currency(),
				event.reason().name(), metadata.occurredAt(), metadata);
	}

	/** The contract's reason in this service's terms. */
	private static Notice.CancellationReason reason(CancellationReason reason) {
		return switch (reason) {
			case PAYMENT_DECLINED -> Notice.CancellationReason.PAYMENT_DECLINED;
			case OUT_OF_STOCK -> Notice.CancellationReason.OUT_OF_STOCK;
			case CUSTOMER_REQUEST -> Notice.CancellationReason.CUSTOMER_REQUEST;
			case TIMEOUT -> Notice.CancellationReason.TIMEOUT;
		};
	}
}
