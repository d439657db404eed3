package dev.ordersaga.messaging.outbox;

import java.time.Clock;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.EventType;
import dev.ordersaga.contracts.IntegrationEvent;
import dev.ordersaga.messaging.MessagingContext;
import dev.ordersaga.messaging.TraceparentSource;

/**
 * The only way a service publishes an integration event: it appends the event to the outbox table
 * inside its own business transaction, so the event exists if and only if the state change commits.
 * The {@link OutboxRelay} publishes it to Kafka after the commit.
 */
public class Outbox {

	/**
	 * The advisory lock {@link #append} takes: it serialises appends per aggregate until commit.
	 * Advisory locks are database-wide, and the services may share one database, so the lock's
	 * class is derived from this service's schema: two services never wait for each other's locks.
	 */
	static final String APPEND_LOCK = "pg_advisory_xact_lock(hashtext(current_schema() || ':outbox-append'), "
			+ "hashtext(? || ':' || ?))";

	private final JdbcTemplate jdbc;

	private final EventCodec codec;

	private final String producer;

	private final TraceparentSource traceparents;

	private final Clock clock;

	private final MeterRegistry meters;

	Outbox(JdbcTemplate jdbc, EventCodec codec, String producer, TraceparentSource traceparents, Clock clock,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.codec = codec;
		this.producer = producer;
		this.traceparents = traceparents;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Appends an event to the outbox in the current transaction. The envelope gets a new event id,
	 * this service as producer, the correlation and causation of the current
	 * {@link MessagingContext} and the current span's traceparent.
	 * <p>
	 * The append first takes a transaction-scoped advisory lock on the event's aggregate and only
	 * then draws the row's position. A second transaction appending to the same aggregate waits
	 * for the first to commit or roll back, so one aggregate's positions are in commit order and
	 * the relay, which publishes in position order, can never publish them out of order.
	 * @param event the event, must not be {@literal null}; its type must be in the {@link EventCatalog}
	 * @return the envelope that was stored
	 * @throws IllegalTransactionStateException when no transaction is active: an event written
	 * outside one could be published for a state change that never happened
	 */
	public EventEnvelope append(IntegrationEvent event) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalTransactionStateException("Outbox.append(" + event.getClass().getSimpleName()
					+ ") needs the business transaction: call it from a @Transactional method");
		}
		return appendTyped(EventCatalog.of(event.getClass()), event);
	}

	private <E extends IntegrationEvent> EventEnvelope appendTyped(EventType<E> type, IntegrationEvent event) {
		E payload = type.payloadType().cast(event);
		MessagingContext.Scope scope = MessagingContext.current().orElse(null);
		String correlationId = scope != null ? scope.correlationId() : UUID.randomUUID().toString();
		@Nullable UUID causationId = scope != null ? scope.causationId() : null;
		EventEnvelope envelope = codec.envelope(type, payload, UUID.randomUUID(), clock.instant(), producer,
				correlationId, causationId, traceparents.currentTraceparent());

		// One round trip: the FROM subquery takes the lock and yields its row before the outer
		// SELECT list draws the position (PostgreSQL never flattens a subquery that calls a volatile
		// function into its parent), so the lock is held when nextval runs.
		jdbc.update("""
				INSERT INTO outbox_event (position, event_id, topic, aggregate_type, aggregate_id, event_type,
				                          schema_version, traceparent, envelope)
				SELECT nextval('outbox_event_position'), ?, ?, ?, ?, ?, ?, ?, ?
				FROM (SELECT %s) AS aggregate_lock
				""".formatted(APPEND_LOCK), envelope.eventId(), type.topic().name(), envelope.aggregateType(),
				envelope.aggregateId(), envelope.eventType(), envelope.schemaVersion(), envelope.traceparent(),
				codec.writeString(envelope), envelope.aggregateType(), envelope.aggregateId());
		meters.counter("outbox.appended", "event.type", type.name()).increment();
		return envelope;
	}
}
