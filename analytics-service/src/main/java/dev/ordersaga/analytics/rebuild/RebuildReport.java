package dev.ordersaga.analytics.rebuild;

/**
 * What a rebuild did.
 *
 * @param eventsReplayed saga events read from the topics and passed through the projection
 * @param recordsSkipped records left out: undecodable or invalid (as the inbox consumer would
 * dead-letter them), tombstones, and event types the projection does not handle
 * @param durationMs how long the rebuild took, truncation included
 */
public record RebuildReport(long eventsReplayed, long recordsSkipped, long durationMs) {
}
