/**
 * The integration-event contracts of the order saga: the {@link dev.ordersaga.contracts.EventEnvelope}
 * every event travels in, one record and one JSON Schema per event type and version (in a package
 * per producing service and version), the {@link dev.ordersaga.contracts.EventCatalog} of types and
 * topics, the shared Jackson setup and the {@link dev.ordersaga.contracts.EventCodec} that reads,
 * validates, upcasts and writes events.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.contracts;
