/** {@code /api/customers/{customerId}/contact}. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.notification.contact.web;
