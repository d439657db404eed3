package dev.ordersaga.messaging.inbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.EventType;
import dev.ordersaga.contracts.IntegrationEvent;
import dev.ordersaga.contracts.InvalidEventException;
import dev.ordersaga.contracts.MalformedEventException;
import dev.ordersaga.messaging.MessagingContext;

/**
 * Applies one consumed record exactly once: decode and validate it against its contract, then in
 * ONE database transaction check it against the partition's watermark and the inbox, and run its
 * handler (whose state change and outbox appends join that transaction). The Kafka offset is
 * committed by the listener container after this returns, i.e. after the commit.
 * <p>
 * Two checks, both atomic steps of that transaction:
 * <ul>
 * <li>The partition's <em>watermark</em> ({@code inbox_partition_watermark}), the highest offset
 * this consumer has applied there, is raised to the record's offset by one conditional upsert; no
 * row raised means the record lies at or below it, i.e. was consumed before: a duplicate. It is kept
 * forever, so a group whose offsets were lost, expired or reset re-reads its topics without
 * applying anything twice, long after the inbox rows are purged (ADR 6).</li>
 * <li>The <em>inbox</em> row {@code (event_id, consumer)} is inserted with
 * {@code ON CONFLICT DO NOTHING}: it catches the same event published again at a new offset.</li>
 * </ul>
 * Both statements lock what they write, so two consumers racing on one partition (during a
 * rebalance) or one event apply it once; the loser waits for the winner's commit and then sees the
 * duplicate. A record without a handler (ignored) does not raise the watermark: the next applied
 * record of its partition covers it, and reading it again is harmless. A record the consumer parks in
 * the dead-letter topic raises it once parked ({@link #parked}): read again, it is neither run nor
 * parked a second time; only the replay of its parked copy runs it.
 * <p>
 * The records of one poll are applied up to {@code batchSize} in one transaction ({@link #processBatch}):
 * each record still checks the watermark and the inbox, runs its handler and has its own
 * {@link MessagingContext} and observation (a consumer span when tracing is on), and the JPA session
 * is flushed and cleared between records (see {@link RecordBoundary}), so a handler sees what it
 * would see in a transaction of its own. Only the commit is shared. When the batch fails it is rolled
 * back and its records applied one transaction each; the first that fails alone is reported to the
 * error handler, which retries or dead-letters that record and nothing else.
 * <p>
 * Meters are tagged with the event type only when it is in the {@link EventCatalog}; any other
 * type a record claims is tagged {@value #UNKNOWN_TYPE}, so writers of a topic cannot create meters.
 */
public class InboxProcessor {

	/** The {@code event.type} tag of records whose type is not in the {@link EventCatalog}. */
	public static final String UNKNOWN_TYPE = "unknown";

	/** Records applied per shared transaction: how much a batch saves over a transaction per record. */
	public static final String TRANSACTION_RECORDS = "inbox.transaction.records";

	private static final Logger log = LoggerFactory.getLogger(InboxProcessor.class);

	/** The aggregate type of the saga's events, whose aggregate id is the order id. */
	private static final String ORDER = "Order";

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

	private final boolean verifyOrigin;

	private final int batchSize;

	private final ObservationRegistry observations;

	private final RecordBoundary boundary;

	InboxProcessor(EventCodec codec, Supplier<EventHandlers> handlers, JdbcTemplate jdbc, TransactionTemplate transactions,
			String consumer, MeterRegistry meters, boolean verifyOrigin) {
		this(codec, handlers, jdbc, transactions, consumer, meters, verifyOrigin, 1, ObservationRegistry.NOOP,
				RecordBoundary.FLUSH);
	}

	InboxProcessor(EventCodec codec, Supplier<EventHandlers> handlers, JdbcTemplate jdbc, TransactionTemplate transactions,
			String consumer, MeterRegistry meters, boolean verifyOrigin, int batchSize, ObservationRegistry observations,
			RecordBoundary boundary) {
		this.codec = codec;
		this.handlers = handlers;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.consumer = consumer;
		this.meters = meters;
		this.verifyOrigin = verifyOrigin;
		this.batchSize = batchSize;
		this.observations = observations;
		this.boundary = boundary;
	}

	/**
	 * Processes the records of one poll in their partitions' order, up to {@code batchSize} of them
	 * in one transaction. An invalid record splits the batch: the records before it are applied, then
	 * it is handled alone (see {@link #process}).
	 * @param records the records of one poll, must not be {@literal null}
	 * @throws BatchListenerFailedException naming the first record that failed alone; the records
	 * before it are applied and committed, it and the ones after it are not
	 */
	public void processBatch(List<ConsumerRecord<String, byte[]>> records) {
		int next = 0;
		while (next < records.size()) {
			int end = Math.min(next + batchSize, records.size());
			List<Decoded> run = new ArrayList<>(end - next);
			boolean invalid = false;
			for (int index = next; index < end && !invalid; index++) {
				try {
					run.add(decode(records.get(index)));
				}
				catch (InvalidEventException ex) {
					invalid = true;
				}
			}
			applyTogether(records, next, run);
			next += run.size();
			if (invalid) {
				ConsumerRecord<String, byte[]> record = records.get(next);
				alone(records, next, () -> process(record));
				next++;
			}
		}
	}

	private void applyTogether(List<ConsumerRecord<String, byte[]>> records, int from, List<Decoded> run) {
		long handled = run.stream().filter(decoded -> decoded.handler() != null).count();
		if (handled > 1) {
			try {
				applyInOneTransaction(records.subList(from, from + run.size()), run);
				return;
			}
			catch (RuntimeException ex) {
				log.debug("A batch of {} records failed and was rolled back; applying them one by one: {}", run.size(),
						ex.toString());
			}
		}
		for (int offset = 0; offset < run.size(); offset++) {
			ConsumerRecord<String, byte[]> record = records.get(from + offset);
			Decoded decoded = run.get(offset);
			alone(records, from + offset, () -> applyAlone(record, decoded));
		}
	}

	private void applyInOneTransaction(List<ConsumerRecord<String, byte[]>> records, List<Decoded> run) {
		List<Timer.Sample> samples = new ArrayList<>(run.size());
		List<Outcome> outcomes = transactions.execute(status -> {
			List<Outcome> applied = new ArrayList<>(run.size());
			for (int index = 0; index < run.size(); index++) {
				Decoded decoded = run.get(index);
				samples.add(Timer.start(meters));
				EventHandlers.Handler handler = decoded.handler();
				if (handler == null) {
					applied.add(Outcome.IGNORED);
					continue;
				}
				applied.add(applyInTransaction(records.get(index), decoded, handler, null).orElseThrow());
				boundary.afterRecord(status);
			}
			return applied;
		});
		if (outcomes == null) {
			throw new IllegalStateException("The inbox transaction returned no outcome");
		}
		meters.summary(TRANSACTION_RECORDS).record(run.size());
		for (int index = 0; index < run.size(); index++) {
			record(records.get(index), run.get(index), outcomes.get(index), samples.get(index));
		}
	}

	private void applyAlone(ConsumerRecord<String, byte[]> record, Decoded decoded) {
		EventHandlers.Handler handler = decoded.handler();
		if (handler == null) {
			count(decoded.eventType(), Outcome.IGNORED);
		}
		else {
			apply(record, decoded, handler, null);
		}
	}

	/** Runs the work of one record; a failure names the record to the container's error handler. */
	private static void alone(List<ConsumerRecord<String, byte[]>> records, int index, Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			throw new BatchListenerFailedException("Failed to handle " + records.get(index).topic() + "-"
					+ records.get(index).partition() + "@" + records.get(index).offset(), ex, index);
		}
	}

	/**
	 * Processes one record as consumed from its partition, in the partition's order.
	 * @param record the record as consumed, must not be {@literal null}
	 * @return what happened to it, never {@literal null}
	 * @throws InvalidEventException when the record is not a valid event of a type this service
	 * handles and was not consumed before (not retried: it goes to the dead-letter topic)
	 */
	public Outcome process(ConsumerRecord<String, byte[]> record) {
		Decoded decoded;
		try {
			decoded = decode(record);
		}
		catch (InvalidEventException ex) {
			// Parked when it was first consumed: re-read after lost offsets, it is not parked again.
			if (belowWatermark(record)) {
				count(UNKNOWN_TYPE, Outcome.DUPLICATE);
				return Outcome.DUPLICATE;
			}
			throw ex;
		}
		if (decoded.handler() == null) {
			// Tolerant reader: another consumer's event, or a type this service does not know yet.
			count(decoded.eventType(), Outcome.IGNORED);
			return Outcome.IGNORED;
		}
		return apply(record, decoded, decoded.handler(), null).orElseThrow();
	}

	/**
	 * Processes a record out of its partition's order: a parked record being replayed. It lies below
	 * its partition's watermark by construction, so the watermark is neither checked nor moved; the
	 * inbox still catches an event applied since, and {@code once} lets the caller make sure the
	 * replay itself happens once: its claim and its record of the outcome join the inbox transaction,
	 * so a replay that fails leaves no mark and may be tried again.
	 * @param record the record as it was consumed from its original topic, must not be {@literal null}
	 * @param once claims the replay and records its outcome, must not be {@literal null}
	 * @return what happened to it; empty when {@code once} refused the claim (nothing ran)
	 * @throws InvalidEventException when the record is not a valid event of a type this service handles
	 */
	public Optional<Outcome> replay(ConsumerRecord<String, byte[]> record, OnceOnly once) {
		Decoded decoded = decode(record);
		EventHandlers.Handler handler = decoded.handler();
		if (handler != null) {
			return apply(record, decoded, handler, once);
		}
		Optional<Outcome> outcome = inTransaction(() -> {
			if (!once.claim(decoded.eventId())) {
				return Optional.empty();
			}
			once.complete(Outcome.IGNORED);
			return Optional.of(Outcome.IGNORED);
		});
		outcome.ifPresent(ignored -> count(decoded.eventType(), ignored));
		return outcome;
	}

	private Decoded decode(ConsumerRecord<String, byte[]> record) {
		byte[] value = record.value();
		if (value == null) {
			throw new MalformedEventException("Record without a value (a tombstone) at " + record.topic() + "-"
					+ record.partition() + "@" + record.offset());
		}
		EventCodec.ParsedEvent parsed = codec.parse(value);
		String eventType = parsed.eventType();
		Optional<EventHandlers.Handler> handler = handlers.get().forEventType(eventType);
		if (handler.isEmpty()) {
			return new Decoded(eventType, eventIdOf(parsed.json()), null, null, null);
		}
		EventEnvelope envelope = codec.read(parsed);
		if (verifyOrigin) {
			EventOriginException.check(record.topic(), EventCatalog.find(envelope.eventType(), envelope.schemaVersion())
				.orElseThrow(() -> new InvalidEventException("Not in the catalogue: " + envelope.eventType() + " v"
						+ envelope.schemaVersion())), envelope);
		}
		return new Decoded(eventType, envelope.eventId(), handler.get(), envelope, codec.payload(envelope));
	}

	/**
	 * @param once {@literal null} for a record consumed in order (watermark checked), else the replay's
	 * claim (watermark bypassed)
	 */
	private Optional<Outcome> apply(ConsumerRecord<String, byte[]> record, Decoded decoded,
			EventHandlers.Handler handler, @Nullable OnceOnly once) {
		Timer.Sample sample = Timer.start(meters);
		Optional<Outcome> result = inTransaction(() -> applyInTransaction(record, decoded, handler, once));
		result.ifPresent(outcome -> record(record, decoded, outcome, sample));
		return result;
	}

	/**
	 * The watermark, the inbox and the handler, in the caller's transaction.
	 * @return empty when {@code once} refused the claim
	 */
	private Optional<Outcome> applyInTransaction(ConsumerRecord<String, byte[]> record, Decoded decoded,
			EventHandlers.Handler handler, @Nullable OnceOnly once) {
		EventEnvelope envelope = decoded.envelopeOrThrow();
		// Every log line of the event's handling carries its correlation, its id and its order.
		try (MessagingContext.Scope scope = MessagingContext.open(envelope.correlationId(), envelope.eventId(),
				ORDER.equals(envelope.aggregateType()) ? envelope.aggregateId() : null)) {
			return applyInScope(record, decoded, envelope, handler, once);
		}
	}

	private Optional<Outcome> applyInScope(ConsumerRecord<String, byte[]> record, Decoded decoded,
			EventEnvelope envelope, EventHandlers.Handler handler, @Nullable OnceOnly once) {
		if (once != null && !once.claim(envelope.eventId())) {
			return Optional.empty();
		}
		// A replayed record lies below the watermark by construction: for it, only the inbox decides.
		boolean consumedBefore = once == null && !raiseWatermark(record);
		Outcome outcome = Outcome.DUPLICATE;
		if (!consumedBefore && recordInInbox(envelope, record)) {
			EventMetadata metadata = new EventMetadata(envelope.eventId(), envelope.eventType(),
					envelope.schemaVersion(), envelope.occurredAt(), envelope.producer(), envelope.aggregateId(),
					envelope.correlationId(), envelope.causationId(), record.topic(), record.partition(),
					record.offset());
			observation(record).observe(() -> handler.invoke(decoded.eventOrThrow(), metadata));
			outcome = Outcome.APPLIED;
		}
		if (once != null) {
			once.complete(outcome);
		}
		return Optional.of(outcome);
	}

	/** Spring Kafka's listener observation, per record: a consumer span that continues the record's trace. */
	private Observation observation(ConsumerRecord<String, byte[]> record) {
		return KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
				KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
				() -> new KafkaRecordReceiverContext(record, consumer + "-inbox", consumer, consumer, () -> null),
				observations);
	}

	private void record(ConsumerRecord<String, byte[]> record, Decoded decoded, Outcome outcome, Timer.Sample sample) {
		if (outcome != Outcome.IGNORED) {
			sample.stop(meters.timer("inbox.handler", "event.type", tag(decoded.eventType()), "outcome", outcome.tag()));
		}
		count(decoded.eventType(), outcome);
		if (outcome == Outcome.DUPLICATE) {
			log.debug("Skipped duplicate {} {} from {}-{}@{}", decoded.eventType(), decoded.eventId(), record.topic(),
					record.partition(), record.offset());
		}
	}

	private Optional<Outcome> inTransaction(Supplier<Optional<Outcome>> work) {
		Optional<Outcome> outcome = transactions.execute(status -> work.get());
		if (outcome == null) {
			throw new IllegalStateException("The inbox transaction returned no outcome");
		}
		return outcome;
	}

	/**
	 * Records that the consumer parked a record in the dead-letter topic: from now on the partition's
	 * watermark covers it, so a re-read of the partition (lost offsets, a deleted group) neither runs
	 * nor parks it again, even when nothing applied follows it. Its parked copy is replayed through
	 * {@link #replay}, which the watermark does not stop. A database that cannot be reached leaves the
	 * watermark where it was, with a warning: the record is parked all the same.
	 * @param record the parked record, must not be {@literal null}
	 */
	public void parked(ConsumerRecord<String, byte[]> record) {
		try {
			transactions.executeWithoutResult(status -> raiseWatermark(record));
		}
		catch (RuntimeException ex) {
			log.warn("Parked {}-{}@{} but could not raise the partition's watermark past it ({}): read again "
					+ "after lost offsets, it would be tried again", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
		}
	}

	/**
	 * Raises the partition's watermark to the record's offset. Zero rows means it was there already or
	 * higher: the record was consumed before. The upsert locks the watermark row until commit, which
	 * serialises two consumers racing on the partition.
	 */
	private boolean raiseWatermark(ConsumerRecord<String, byte[]> record) {
		return jdbc.update("""
				INSERT INTO inbox_partition_watermark AS watermark (consumer, topic, kafka_partition, applied_offset)
				VALUES (?, ?, ?, ?)
				ON CONFLICT (consumer, topic, kafka_partition) DO UPDATE
				  SET applied_offset = EXCLUDED.applied_offset, updated_at = clock_timestamp()
				  WHERE watermark.applied_offset < EXCLUDED.applied_offset
				""", consumer, record.topic(), record.partition(), record.offset()) == 1;
	}

	private boolean belowWatermark(ConsumerRecord<String, byte[]> record) {
		Boolean below = jdbc.queryForObject("""
				SELECT EXISTS (SELECT 1 FROM inbox_partition_watermark
				               WHERE consumer = ? AND topic = ? AND kafka_partition = ? AND applied_offset >= ?)
				""", Boolean.class, consumer, record.topic(), record.partition(), record.offset());
		return Boolean.TRUE.equals(below);
	}

	private boolean recordInInbox(EventEnvelope envelope, ConsumerRecord<String, byte[]> record) {
		return jdbc.update("""
				INSERT INTO inbox_event (event_id, consumer, event_type, schema_version, topic,
				                         kafka_partition, kafka_offset)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT DO NOTHING
				""", envelope.eventId(), consumer, envelope.eventType(), envelope.schemaVersion(), record.topic(),
				record.partition(), record.offset()) == 1;
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

	private static @Nullable UUID eventIdOf(JsonNode json) {
		JsonNode eventId = json.path("eventId");
		if (!eventId.isString()) {
			return null;
		}
		try {
			return UUID.fromString(eventId.stringValue());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private record Decoded(String eventType, @Nullable UUID eventId, EventHandlers.@Nullable Handler handler,
			@Nullable EventEnvelope envelope, @Nullable IntegrationEvent event) {

		EventEnvelope envelopeOrThrow() {
			if (envelope == null) {
				throw new IllegalStateException("A handled event has an envelope");
			}
			return envelope;
		}

		IntegrationEvent eventOrThrow() {
			if (event == null) {
				throw new IllegalStateException("A handled event has a payload");
			}
			return event;
		}
	}

	/**
	 * What runs between two records applied in one transaction, so that the second sees the database
	 * as it would in a transaction of its own. {@link #FLUSH} writes what the first left in the
	 * transaction's session (Hibernate's, when the transaction manager is JPA's); with JPA the session
	 * is also cleared, so no entity read by one record is served stale to the next after a handler
	 * changed its row by SQL.
	 */
	@FunctionalInterface
	public interface RecordBoundary {

		/** Flushes the transaction's session, if it has one. */
		RecordBoundary FLUSH = TransactionStatus::flush;

		/**
		 * @param status the batch's transaction, must not be {@literal null}
		 */
		void afterRecord(TransactionStatus status);
	}

	/**
	 * Makes a replay happen once: both methods run inside the inbox transaction of
	 * {@link InboxProcessor#replay}, so what they write commits or rolls back with the handler's effects.
	 */
	public interface OnceOnly {

		/**
		 * Runs first, before the inbox check and the handler.
		 * @param eventId the record's event id, {@literal null} when an ignored record carries none
		 * @return whether the replay goes on; {@literal false} when it happened already (then nothing runs)
		 */
		boolean claim(@Nullable UUID eventId);

		/**
		 * Runs last, when the handler (if any) returned.
		 * @param outcome what the replay did, never {@literal null}
		 */
		void complete(Outcome outcome);
	}

	/** What processing a record did. */
	public enum Outcome {

		/** The handler ran and its transaction committed. */
		APPLIED,

		/** The record was consumed before, or the inbox already held the event: nothing happened. */
		DUPLICATE,

		/** This service has no handler for the event type: nothing happened. */
		IGNORED;

		String tag() {
			return name().toLowerCase(Locale.ROOT);
		}
	}
}
