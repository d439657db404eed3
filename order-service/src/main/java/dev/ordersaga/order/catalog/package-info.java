@org.jspecify.annotations.NullMarked
package dev.ordersaga.order.catalog;
