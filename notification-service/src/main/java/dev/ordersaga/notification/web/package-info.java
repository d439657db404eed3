/** notification-service's API errors and who may call the API. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.notification.web;
