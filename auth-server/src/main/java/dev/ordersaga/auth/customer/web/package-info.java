/** Registering customers over REST, for staff. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.auth.customer.web;
