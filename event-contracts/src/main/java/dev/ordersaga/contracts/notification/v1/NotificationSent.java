package dev.ordersaga.contracts.notification.v1;

import java.util.UUID;

/**
 * A notification was delivered to the customer's mail server.
 *
 * @param notificationId the notification, must not be {@literal null}
 * @param orderId the order it is about, must not be {@literal null}
 * @param customerId the recipient customer, must not be {@literal null}
 * @param kind what it said, must not be {@literal null}
 * @param recipient the address it went to, must not be {@literal null}
 */
public record NotificationSent(UUID notificationId, UUID orderId, UUID customerId, NotificationKind kind,
		String recipient) implements NotificationEvent {
}
