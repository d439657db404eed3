@org.jspecify.annotations.NullMarked
package dev.ordersaga.messaging.outbox;
