@org.jspecify.annotations.NullMarked
package dev.ordersaga.contracts.order.v1;
