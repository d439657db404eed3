@org.jspecify.annotations.NullMarked
package dev.ordersaga.order.saga.web;
