/**
 * Reliable messaging for the order saga's services: a transactional outbox with its relay, an
 * inbox that makes redelivered events harmless, retries and dead letters, trace and correlation
 * propagation, and metrics. Auto-configured; a service only appends events and declares handlers.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.messaging;
