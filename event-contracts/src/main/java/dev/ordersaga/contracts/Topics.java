package dev.ordersaga.contracts;

import java.util.List;

/**
 * The saga's topics: one per producing service (two for inventory: its saga events and its
 * catalogue), each keyed so one aggregate's events stay in order.
 */
public final class Topics {

	/** Order lifecycle: placed, confirmed, cancelled. */
	public static final Topic ORDERS = new Topic("orders.v1", "order-service", "orderId",
			List.of("payment-service", "inventory-service", "notification-service", "analytics-service"));

	/** Payments: completed, failed, refunded. */
	public static final Topic PAYMENTS = new Topic("payments.v1", "payment-service", "orderId",
			List.of("order-service", "inventory-service", "notification-service", "analytics-service"));

	/** Stock reservations: reserved, reservation failed, released. */
	public static final Topic INVENTORY = new Topic("inventory.v1", "inventory-service", "orderId",
			List.of("order-service", "payment-service", "analytics-service"));

	/** The product catalogue: names and prices. */
	public static final Topic CATALOG = new Topic("catalog.v1", "inventory-service", "sku",
			List.of("order-service"));

	/** Notifications that were sent. */
	public static final Topic NOTIFICATIONS = new Topic("notifications.v1", "notification-service", "orderId",
			List.of("analytics-service"));

	private static final List<Topic> ALL = List.of(ORDERS, PAYMENTS, INVENTORY, CATALOG, NOTIFICATIONS);

	private Topics() {
	}

	/** @return every topic, never {@literal null} */
	public static List<Topic> all() {
		return ALL;
	}

	/**
	 * @param applicationName a service name, must not be {@literal null}
	 * @return the topics the service produces, never {@literal null}
	 */
	public static List<Topic> producedBy(String applicationName) {
		return ALL.stream().filter(topic -> topic.producer().equals(applicationName)).toList();
	}

	/**
	 * @param applicationName a service name, must not be {@literal null}
	 * @return the topics the service consumes
	 */
	public static List<Topic> consumedBy(String applicationName) {
		return ALL.stream().filter(topic -> topic.consumers().contains(applicationName)).toList();
	}

	/**
	 * @param applicationName a service name, must not be {@literal null}
	 * @return the service's dead-letter topic, e.g. {@code order-service.dlt}
	 */
	public static String deadLetterTopic(String applicationName) {
		return applicationName + ".dlt";
	}
}
