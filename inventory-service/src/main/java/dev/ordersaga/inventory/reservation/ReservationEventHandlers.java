package dev.ordersaga.inventory.reservation;

import org.springframework.stereotype.Component;

import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.messaging.inbox.IntegrationEventHandler;

/** The saga events inventory reacts to, handed to {@link Reservations}. */
@Component
class ReservationEventHandlers {

	private final Reservations reservations;

	ReservationEventHandlers(Reservations reservations) {
		this.reservations = reservations;
	}

	@IntegrationEventHandler
	void on(OrderPlaced event) {
		reservations.orderPlaced(event.orderId(),
				event.lines().stream().map(line -> new StockLine(line.sku(), line.quantity())).toList());
	}

	@IntegrationEventHandler
	void on(PaymentCompleted event) {
		reservations.paymentCompleted(event.orderId());
	}

	@IntegrationEventHandler
	void on(OrderCancelled event) {
		reservations.orderCancelled(event.orderId());
	}
}
