package dev.ordersaga.analytics.projection;

import org.springframework.stereotype.Component;

import dev.ordersaga.contracts.inventory.v1.InventoryReleased;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.InventoryReserved;
import dev.ordersaga.contracts.notification.v1.NotificationSent;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderConfirmed;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentFailed;
import dev.ordersaga.contracts.payment.v1.PaymentRefunded;
import dev.ordersaga.messaging.inbox.EventMetadata;
import dev.ordersaga.messaging.inbox.IntegrationEventHandler;

/** Every saga event, as the inbox consumer delivers it, handed to the {@link SagaProjection}. */
@Component
class SagaEventHandlers {

	private final SagaProjection projection;

	SagaEventHandlers(SagaProjection projection) {
		this.projection = projection;
	}

	@IntegrationEventHandler
	void on(OrderPlaced event, EventMetadata metadata) {
		projection.project(event, EventHeader.of(metadata));
	}

	@IntegrationEventHandler
	void on(OrderConfirmed event, EventMetadata metadata) {
		projection.project(event, EventHeader.of(metadata));
	}

	@IntegrationEventHandler
	void on(OrderCancelled event, EventMetadata metadata) {
		projection.project(event, EventHeader.of(metadata));
	}

	@IntegrationEventHandler
	void on(PaymentCompleted event, EventMetadata metadata) {
		projection.project(event, EventHeader.of(metadata));
	}

	@IntegrationEventHandler
	void on(PaymentFailed event, EventMetadata metadata) {
		projection.project(event, EventHeader.of(metadata));
	}

	@IntegrationEventHandler
	void on(PaymentRefunded event, EventMetadata metadata) {
		projection.project(event, EventHeader.of(metadata));
	}

	@IntegrationEventHandler
	void on(InventoryReserved event, EventMetadata metadata) {
		projection.project(event, EventHeader.of(metadata));
	}

	@IntegrationEventHandler
	void on(InventoryReservationFailed event, EventMetadata metadata) {
		projection.project(event, EventHeader.of(metadata));
	}

	@IntegrationEventHandler
	void on(InventoryReleased event, EventMetadata metadata) {
		projection.project(event, EventHeader.of(metadata));
	}

	@IntegrationEventHandler
	void on(NotificationSent event, EventMetadata metadata) {
		projection.project(event, EventHeader.of(metadata));
	}
}
