package dev.ordersaga.contracts;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ordersaga.contracts.inventory.v1.InventoryReleased;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.InventoryReserved;
import dev.ordersaga.contracts.inventory.v1.ProductUpdated;
import dev.ordersaga.contracts.inventory.v1.Shortage;
import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.contracts.notification.v1.NotificationKind;
import dev.ordersaga.contracts.notification.v1.NotificationSent;
import dev.ordersaga.contracts.order.v1.CancellationReason;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderConfirmed;
import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentFailed;
import dev.ordersaga.contracts.payment.v1.PaymentFailureReason;
import dev.ordersaga.contracts.payment.v1.PaymentRefunded;
import dev.ordersaga.contracts.payment.v1.RefundReason;

/** One realistic instance of every catalogued event type and version. */
final class SampleEvents {

	static final UUID ORDER = UUID.fromString("6f1c2a56-5a59-4c35-9d43-2f8e1b6f0a11");

	static final UUID CUSTOMER = UUID.fromString("0b7e3a4e-7f2c-4e0e-9a51-3c1f0d2a9b77");

	static final UUID PAYMENT = UUID.fromString("c2d9e8f1-1b3a-4c5d-8e6f-7a8b9c0d1e2f");

	static final List<OrderLine> LINES = List.of(new OrderLine("SKU-RED-MUG", 2, new BigDecimal("9.90")),
			new OrderLine("SKU-TEA-1KG", 1, new BigDecimal("24.50")));

	private static final Map<EventType<?>, IntegrationEvent> SAMPLES = Map.ofEntries(
			Map.entry(EventCatalog.ORDER_PLACED_V1, new dev.ordersaga.contracts.order.v1.OrderPlaced(ORDER, CUSTOMER,
					LINES, new BigDecimal("44.30"), "EUR")),
			Map.entry(EventCatalog.ORDER_PLACED_V2, new dev.ordersaga.contracts.order.v2.OrderPlaced(ORDER, CUSTOMER,
					LINES, new BigDecimal("44.30"), "EUR", "ada@example.com")),
			Map.entry(EventCatalog.ORDER_CONFIRMED_V1, new OrderConfirmed(ORDER, CUSTOMER, new BigDecimal("44.30"), "EUR")),
			Map.entry(EventCatalog.ORDER_CANCELLED_V1,
					new OrderCancelled(ORDER, CUSTOMER, CancellationReason.OUT_OF_STOCK, new BigDecimal("44.30"), "EUR")),
			Map.entry(EventCatalog.PAYMENT_COMPLETED_V1,
					new PaymentCompleted(ORDER, CUSTOMER, PAYMENT, new BigDecimal("44.30"), "EUR")),
			Map.entry(EventCatalog.PAYMENT_FAILED_V1, new PaymentFailed(ORDER, CUSTOMER, new BigDecimal("44.30"), "EUR",
					PaymentFailureReason.INSUFFICIENT_FUNDS)),
			Map.entry(EventCatalog.PAYMENT_REFUNDED_V1, new PaymentRefunded(ORDER, CUSTOMER, PAYMENT,
					new BigDecimal("44.30"), "EUR", RefundReason.OUT_OF_STOCK)),
			Map.entry(EventCatalog.INVENTORY_RESERVED_V1,
					new InventoryReserved(ORDER, List.of(new StockLine("SKU-RED-MUG", 2), new StockLine("SKU-TEA-1KG", 1)))),
			Map.entry(EventCatalog.INVENTORY_RESERVATION_FAILED_V1,
					new InventoryReservationFailed(ORDER, List.of(new Shortage("SKU-TEA-1KG", 1, 0)))),
			Map.entry(EventCatalog.INVENTORY_RELEASED_V1,
					new InventoryReleased(ORDER, List.of(new StockLine("SKU-RED-MUG", 2)))),
			Map.entry(EventCatalog.PRODUCT_UPDATED_V1,
					new ProductUpdated("SKU-RED-MUG", "Red mug", new BigDecimal("9.90"), "EUR")),
			Map.entry(EventCatalog.NOTIFICATION_SENT_V1, new NotificationSent(UUID.randomUUID(), ORDER, CUSTOMER,
					NotificationKind.ORDER_CONFIRMATION, "ada@example.com")));

	private SampleEvents() {
	}

	static IntegrationEvent of(EventType<?> type) {
		IntegrationEvent sample = SAMPLES.get(type);
		if (sample == null) {
			throw new AssertionError(type + " is catalogued but has no sample in SampleEvents: add one");
		}
		return sample;
	}
}
