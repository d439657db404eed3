package dev.ordersaga.contracts;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The wire format of every event: metadata plus the event's payload, as one JSON object.
 *
 * @param eventId the event's identity and the consumers' dedupe key, must not be {@literal null}
 * @param eventType the type name, e.g. {@code OrderPlaced}, must not be {@literal null}
 * @param schemaVersion the version of the type's contract the payload follows (1, 2, …)
 * @param occurredAt when the producer recorded the event, UTC, must not be {@literal null}
 * @param producer the producing service, e.g. {@code order-service}, must not be {@literal null}
 * @param aggregateType the aggregate the event belongs to, e.g. {@code Order}, must not be {@literal null}
 * @param aggregateId the aggregate's id and the Kafka record key: the order id for saga events, the
 * sku for catalogue events, must not be {@literal null}
 * @param correlationId ties every event of one saga (and the request that started it) together,
 * must not be {@literal null}
 * @param causationId the event whose handling produced this one, {@literal null} when a request did
 * @param traceparent the W3C trace context of the work that produced the event, {@literal null} when
 * none was active
 * @param payload the event record as JSON, must not be {@literal null}
 */
public record EventEnvelope(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String producer,
		String aggregateType, String aggregateId, String correlationId, @Nullable UUID causationId,
		@Nullable String traceparent, JsonNode payload) {
}
