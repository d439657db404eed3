@org.jspecify.annotations.NullMarked
package dev.ordersaga.contracts.payment.v1;
