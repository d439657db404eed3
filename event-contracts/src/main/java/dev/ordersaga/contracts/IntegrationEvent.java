package dev.ordersaga.contracts;

/**
 * Marker of every integration event payload record. A record that implements it must be listed in
 * the {@link EventCatalog} with its type name, version, topic and aggregate.
 */
public interface IntegrationEvent {
}
