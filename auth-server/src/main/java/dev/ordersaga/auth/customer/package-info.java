/** Customers and their logins. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.auth.customer;
