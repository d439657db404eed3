@org.jspecify.annotations.NullMarked
package dev.ordersaga.contracts.notification.v1;
