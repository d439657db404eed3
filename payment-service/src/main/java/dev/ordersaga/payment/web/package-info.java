@org.jspecify.annotations.NullMarked
package dev.ordersaga.payment.web;
