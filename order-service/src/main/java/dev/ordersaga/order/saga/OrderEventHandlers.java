package dev.ordersaga.order.saga;

import org.springframework.stereotype.Component;

import dev.ordersaga.contracts.inventory.v1.InventoryReleased;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.InventoryReserved;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentFailed;
import dev.ordersaga.contracts.payment.v1.PaymentRefunded;
import dev.ordersaga.messaging.inbox.EventMetadata;
import dev.ordersaga.messaging.inbox.IntegrationEventHandler;

/** What payment and inventory report about orders, handed to {@link OrderManagement}. */
@Component
class OrderEventHandlers {

	private final OrderManagement orders;

	OrderEventHandlers(OrderManagement orders) {
		this.orders = orders;
	}

	@IntegrationEventHandler
	void on(PaymentCompleted event, EventMetadata metadata) {
		orders.paymentCompleted(event.orderId(), metadata);
	}

	@IntegrationEventHandler
	void on(PaymentFailed event, EventMetadata metadata) {
		orders.sagaFailed(event.orderId(), Order.CancellationReason.PAYMENT_DECLINED, metadata);
	}

	@IntegrationEventHandler
	void on(InventoryReserved event, EventMetadata metadata) {
		orders.inventoryReserved(event.orderId(), metadata);
	}

	@IntegrationEventHandler
	void on(InventoryReservationFailed event, EventMetadata metadata) {
		orders.sagaFailed(event.orderId(), Order.CancellationReason.OUT_OF_STOCK, metadata);
	}

	@IntegrationEventHandler
	void on(PaymentRefunded event, EventMetadata metadata) {
		orders.noted(event.orderId(), metadata);
	}

	@IntegrationEventHandler
	void on(InventoryReleased event, EventMetadata metadata) {
		orders.noted(event.orderId(), metadata);
	}
}
