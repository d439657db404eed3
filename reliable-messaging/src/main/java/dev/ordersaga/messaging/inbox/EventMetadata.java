package dev.ordersaga.messaging.inbox;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The envelope and Kafka coordinates of the event being handled.
 *
 * @param eventId the event's id (the inbox's dedupe key), never {@literal null}
 * @param eventType the event type, never {@literal null}
 * @param schemaVersion the version the event was published in (before upcasting)
 * @param occurredAt when the producer recorded it, never {@literal null}
 * @param producer the producing service, never {@literal null}
 * @param aggregateId the aggregate (and Kafka key), never {@literal null}
 * @param correlationId the saga's correlation id, never {@literal null}
 * @param causationId the event that caused this one, {@literal null} for a request
 * @param topic the topic it was consumed from, never {@literal null}
 * @param partition its partition
 * @param offset its offset
 */
public record EventMetadata(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String producer,
		String aggregateId, String correlationId, @Nullable UUID causationId, String topic, int partition,
		long offset) {
}
