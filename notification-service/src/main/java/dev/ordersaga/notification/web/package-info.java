/** notification-service's API errors. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.notification.web;
