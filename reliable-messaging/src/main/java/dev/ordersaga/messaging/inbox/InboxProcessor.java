package dev.ordersaga.messaging.inbox;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.EventType;
import dev.ordersaga.contracts.IntegrationEvent;
import dev.ordersaga.contracts.InvalidEventException;
import dev.ordersaga.messaging.MessagingContext;

/**
 * Applies one consumed record exactly once: decode and validate it against its contract, then in
 * ONE database transaction record it in the inbox and run its handler (whose state change and
 * outbox appends join that transaction). The Kafka offset is committed by the listener container
 * after this returns, i.e. after the commit.
 * <p>
 * The inbox row is inserted first with {@code ON CONFLICT DO NOTHING}: checking and recording are
 * one atomic step, so even two consumers racing on the same event (during a rebalance, or a
 * replay) apply it once; the loser waits for the winner's commit and then sees the duplicate.
 * <p>
 * Meters are tagged with the event type only when it is in the {@link EventCatalog}; any other
 * type a record claims is tagged {@value #UNKNOWN_TYPE}, so writers of a topic cannot create meters.
 */
public class InboxProcessor {

	/** The {@code event.type} tag of records whose type is not in the {@link EventCatalog}. */
	public static final String UNKNOWN_TYPE = "unknown";

	private static final Logger log = LoggerFactory.getLogger(InboxProcessor.class);

	private static final Set<String> CATALOGUED_TYPES = EventCatalog.all()
		.stream()
		.map(EventType::name)
		.collect(Collectors.toUnmodifiableSet());

	private final EventCodec codec;

	private final Supplier<EventHandlers> handlers;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final String consumer;

	private final MeterRegistry meters;

	InboxProcessor(EventCodec codec, Supplier<EventHandlers> handlers, JdbcTemplate jdbc, TransactionTemplate transactions,
			String consumer, MeterRegistry meters) {
		this.codec = codec;
		this.handlers = handlers;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.consumer = consumer;
		this.meters = meters;
	}

	/**
	 * Processes one record.
	 * @param record the record as consumed, must not be {@literal null}
	 * @return what happened to it, never {@literal null}
	 * @throws InvalidEventException when the record is not a valid event of a type this service
	 * handles (not retried: it goes to the dead-letter topic)
	 */
	public Outcome process(ConsumerRecord<String, byte[]> record) {
		byte[] value = record.value();
		if (value == null) {
			throw new dev.ordersaga.contracts.MalformedEventException("Record without a value (a tombstone) at "
					+ record.topic() + "-" + record.partition() + "@" + record.offset());
		}
		EventCodec.ParsedEvent parsed = codec.parse(value);
		String eventType = parsed.eventType();
		Optional<EventHandlers.Handler> handler = handlers.get().forEventType(eventType);
		if (handler.isEmpty()) {
			// Tolerant reader: another consumer's event, or a type this service does not know yet.
			count(eventType, Outcome.IGNORED);
			return Outcome.IGNORED;
		}
		EventEnvelope envelope = codec.read(parsed);
		IntegrationEvent event = codec.payload(envelope);
		EventMetadata metadata = new EventMetadata(envelope.eventId(), envelope.eventType(),
				envelope.schemaVersion(), envelope.occurredAt(), envelope.producer(), envelope.aggregateId(),
				envelope.correlationId(), envelope.causationId(), record.topic(), record.partition(),
				record.offset());

		Timer.Sample sample = Timer.start(meters);
		Outcome outcome = transactions.execute(status -> {
			int inserted = jdbc.update("""
					INSERT INTO inbox_event (event_id, consumer, event_type, schema_version, topic,
					                         kafka_partition, kafka_offset)
					VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT DO NOTHING
					""", envelope.eventId(), consumer, envelope.eventType(), envelope.schemaVersion(), record.topic(),
					record.partition(), record.offset());
			if (inserted == 0) {
				return Outcome.DUPLICATE;
			}
			try (MessagingContext.Scope scope = MessagingContext.open(envelope.correlationId(), envelope.eventId())) {
				handler.get().invoke(event, metadata);
			}
			return Outcome.APPLIED;
		});
		if (outcome == null) {
			throw new IllegalStateException("The inbox transaction returned no outcome");
		}
		sample.stop(meters.timer("inbox.handler", "event.type", tag(eventType), "outcome", outcome.tag()));
		count(eventType, outcome);
		if (outcome == Outcome.DUPLICATE) {
			log.debug("Skipped duplicate {} {} from {}-{}@{}", eventType, envelope.eventId(), record.topic(),
					record.partition(), record.offset());
		}
		return outcome;
	}

	private void count(String eventType, Outcome outcome) {
		String tag = tag(eventType);
		meters.counter("inbox.consumed", "event.type", tag, "outcome", outcome.tag()).increment();
		if (outcome == Outcome.DUPLICATE) {
			meters.counter("inbox.duplicates", "event.type", tag).increment();
		}
		else if (outcome == Outcome.IGNORED) {
			meters.counter("inbox.ignored", "event.type", tag).increment();
		}
	}

	/** Whoever can write to a topic chooses the type a record claims: only catalogued ones become tags. */
	private static String tag(String eventType) {
		return CATALOGUED_TYPES.contains(eventType) ? eventType : UNKNOWN_TYPE;
	}

	/** What processing a record did. */
	public enum Outcome {

		/** The handler ran and its transaction committed. */
		APPLIED,

		/** The inbox already held the event: nothing happened. */
		DUPLICATE,

		/** This service has no handler for the event type: nothing happened. */
		IGNORED;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}
}
