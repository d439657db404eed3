package dev.ordersaga.payment.payment;

import org.springframework.stereotype.Component;

import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.order.v1.CancellationReason;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.messaging.inbox.IntegrationEventHandler;

/**
 * The saga events payment reacts to, handed to {@link PaymentProcessing}; the contract's cancellation
 * reason is mapped to the payment's own refund reason here, at the boundary.
 */
@Component
class PaymentEventHandlers {

	private final PaymentProcessing processing;

	PaymentEventHandlers(PaymentProcessing processing) {
		this.processing = processing;
	}

	@IntegrationEventHandler
	void on(OrderPlaced event) {
		processing.charge(event.orderId(), event.customerId(), event.total(), event.currency());
	}

	@IntegrationEventHandler
	void on(InventoryReservationFailed event) {
		processing.refund(event.orderId(), Payment.RefundReason.OUT_OF_STOCK);
	}

	@IntegrationEventHandler
	void on(OrderCancelled event) {
		processing.refund(event.orderId(), event.reason() == CancellationReason.OUT_OF_STOCK
				? Payment.RefundReason.OUT_OF_STOCK : Payment.RefundReason.ORDER_CANCELLED);
	}
}
