package dev.ordersaga.analytics.projection;

import java.time.Instant;
import java.util.UUID;

import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.messaging.inbox.EventMetadata;

/**
 * What the projection records of an event besides its payload, whether it came through the inbox
 * consumer or a rebuild's replay.
 *
 * @param eventId the event's id, the projection's dedupe key, must not be {@literal null}
 * @param eventType its type name, e.g. {@code OrderPlaced}, must not be {@literal null}
 * @param schemaVersion the version it was published in (before upcasting)
 * @param occurredAt when its producer recorded it, must not be {@literal null}
 * @param producer the producing service, must not be {@literal null}
 * @param topic the topic it was read from, must not be {@literal null}
 */
public record EventHeader(UUID eventId, String eventType, int schemaVersion, Instant occurredAt, String producer,
		String topic) {

	/**
	 * @param metadata what the inbox consumer passes a handler, must not be {@literal null}
	 * @return the header, never {@literal null}
	 */
	public static EventHeader of(EventMetadata metadata) {
		return new EventHeader(metadata.eventId(), metadata.eventType(), metadata.schemaVersion(),
				metadata.occurredAt(), metadata.producer(), metadata.topic());
	}

	/**
	 * @param envelope a decoded record, must not be {@literal null}
	 * @param topic the topic it was read from, must not be {@literal null}
	 * @return the header, never {@literal null}
	 */
	public static EventHeader of(EventEnvelope envelope, String topic) {
		return new EventHeader(envelope.eventId(), envelope.eventType(), envelope.schemaVersion(),
				envelope.occurredAt(), envelope.producer(), topic);
	}
}
