/** Where to write to each customer: kept through the API or learnt from an order. */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.notification.contact;
