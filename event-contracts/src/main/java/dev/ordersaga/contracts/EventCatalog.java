package dev.ordersaga.contracts;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.ordersaga.contracts.inventory.v1.InventoryReleased;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.InventoryReserved;
import dev.ordersaga.contracts.inventory.v1.ProductUpdated;
import dev.ordersaga.contracts.notification.v1.NotificationSent;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderConfirmed;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentFailed;
import dev.ordersaga.contracts.payment.v1.PaymentRefunded;

/**
 * Every event type and version of the saga, with its record, topic and aggregate. The AsyncAPI
 * document {@code asyncapi.yaml} describes the same catalogue for readers; a test keeps the two equal.
 */
public final class EventCatalog {

	private static final String ORDER = "Order";

	public static final EventType<dev.ordersaga.contracts.order.v1.OrderPlaced> ORDER_PLACED_V1 = new EventType<>(
			"OrderPlaced", 1, dev.ordersaga.contracts.order.v1.OrderPlaced.class, Topics.ORDERS, ORDER,
			event -> event.orderId().toString());

	public static final EventType<dev.ordersaga.contracts.order.v2.OrderPlaced> ORDER_PLACED_V2 = new EventType<>(
			"OrderPlaced", 2, dev.ordersaga.contracts.order.v2.OrderPlaced.class, Topics.ORDERS, ORDER,
			event -> event.orderId().toString());

	public static final EventType<OrderConfirmed> ORDER_CONFIRMED_V1 = new EventType<>("OrderConfirmed", 1,
			OrderConfirmed.class, Topics.ORDERS, ORDER, event -> event.orderId().toString());

	public static final EventType<OrderCancelled> ORDER_CANCELLED_V1 = new EventType<>("OrderCancelled", 1,
			OrderCancelled.class, Topics.ORDERS, ORDER, event -> event.orderId().toString());

	public static final EventType<PaymentCompleted> PAYMENT_COMPLETED_V1 = new EventType<>("PaymentCompleted", 1,
			PaymentCompleted.class, Topics.PAYMENTS, ORDER, event -> event.orderId().toString());

	public static final EventType<PaymentFailed> PAYMENT_FAILED_V1 = new EventType<>("PaymentFailed", 1,
			PaymentFailed.class, Topics.PAYMENTS, ORDER, event -> event.orderId().toString());

	public static final EventType<PaymentRefunded> PAYMENT_REFUNDED_V1 = new EventType<>("PaymentRefunded", 1,
			PaymentRefunded.class, Topics.PAYMENTS, ORDER, event -> event.orderId().toString());

	public static final EventType<InventoryReserved> INVENTORY_RESERVED_V1 = new EventType<>("InventoryReserved", 1,
			InventoryReserved.class, Topics.INVENTORY, ORDER, event -> event.orderId().toString());

	public static final EventType<InventoryReservationFailed> INVENTORY_RESERVATION_FAILED_V1 = new EventType<>(
			"InventoryReservationFailed", 1, InventoryReservationFailed.class, Topics.INVENTORY, ORDER,
			event -> event.orderId().toString());

	public static final EventType<InventoryReleased> INVENTORY_RELEASED_V1 = new EventType<>("InventoryReleased", 1,
			InventoryReleased.class, Topics.INVENTORY, ORDER, event -> event.orderId().toString());

	public static final EventType<ProductUpdated> PRODUCT_UPDATED_V1 = new EventType<>("ProductUpdated", 1,
			ProductUpdated.class, Topics.CATALOG, "Product", ProductUpdated::sku);

	public static final EventType<NotificationSent> NOTIFICATION_SENT_V1 = new EventType<>("NotificationSent", 1,
			NotificationSent.class, Topics.NOTIFICATIONS, ORDER, event -> event.orderId().toString());

	private static final List<EventType<?>> ALL = List.of(ORDER_PLACED_V1, ORDER_PLACED_V2, ORDER_CONFIRMED_V1,
			ORDER_CANCELLED_V1, PAYMENT_COMPLETED_V1, PAYMENT_FAILED_V1, PAYMENT_REFUNDED_V1, INVENTORY_RESERVED_V1,
			INVENTORY_RESERVATION_FAILED_V1, INVENTORY_RELEASED_V1, PRODUCT_UPDATED_V1, NOTIFICATION_SENT_V1);

	private EventCatalog() {
	}

	/** @return every event type and version, never {@literal null} */
	public static List<EventType<?>> all() {
		return ALL;
	}

	/**
	 * @param name a type name, must not be {@literal null}
	 * @param version a contract version
	 * @return that version of that type, if catalogued
	 */
	public static Optional<EventType<?>> find(String name, int version) {
		return ALL.stream().filter(type -> type.name().equals(name) && type.version() == version).findFirst();
	}

	/**
	 * @param payloadType an event record, must not be {@literal null}
	 * @param <E> the record type
	 * @return its catalogue entry
	 * @throws IllegalArgumentException when the record is not catalogued
	 */
	@SuppressWarnings("unchecked")
	public static <E extends IntegrationEvent> EventType<E> of(Class<E> payloadType) {
		return (EventType<E>) ALL.stream()
			.filter(type -> type.payloadType() == payloadType)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					payloadType.getName() + " is not in the EventCatalog: add it with its topic and schema"));
	}

	/**
	 * @param name a type name, must not be {@literal null}
	 * @return the newest version of the type
	 * @throws IllegalArgumentException when no version of the type is catalogued
	 */
	public static EventType<?> latest(String name) {
		return ALL.stream()
			.filter(type -> type.name().equals(name))
			.max(Comparator.comparingInt(EventType::version))
			.orElseThrow(() -> new IllegalArgumentException("No event type " + name + " in the EventCatalog"));
	}
}
