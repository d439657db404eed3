/** Wiring of notification-service. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.notification.config;
