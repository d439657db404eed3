/**
 * Admission: order-service refuses new orders while the saga is behind, instead of accepting
 * orders it would later cancel by their deadline.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.order.admission;
