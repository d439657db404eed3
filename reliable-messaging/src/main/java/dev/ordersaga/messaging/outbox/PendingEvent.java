package dev.ordersaga.messaging.outbox;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An outbox row the relay has claimed and is about to publish.
 *
 * @param position the row's position: for one aggregate, its commit order
 * @param eventId the event's id
 * @param topic the topic it goes to
 * @param aggregateType the aggregate's type
 * @param aggregateId the aggregate's id, the Kafka key
 * @param eventType the event's type
 * @param schemaVersion the event's schema version
 * @param traceparent the W3C traceparent of the transaction that wrote it, if any
 * @param envelope the event's JSON envelope, the record's value
 */
record PendingEvent(long position, UUID eventId, String topic, String aggregateType, String aggregateId,
		String eventType, int schemaVersion, @Nullable String traceparent, String envelope) {

	/** @return what identifies the aggregate among all the service's aggregates */
	String aggregateKey() {
		return aggregateType + ':' + aggregateId;
	}
}
