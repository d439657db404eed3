/** {@code /api/notifications}. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.notification.notice.web;
