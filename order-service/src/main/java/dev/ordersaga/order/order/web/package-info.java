@org.jspecify.annotations.NullMarked
package dev.ordersaga.order.order.web;
