package dev.ordersaga.contracts.notification.v1;

import dev.ordersaga.contracts.IntegrationEvent;

/** The events notification-service publishes on {@code notifications.v1}, contract version 1. */
public sealed interface NotificationEvent extends IntegrationEvent permits NotificationSent {
}
