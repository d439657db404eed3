/** Who may call notification-service's API. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.notification.web;
