package dev.ordersaga.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.messaging.MessagingProperties;

/**
 * Publishes committed outbox rows to Kafka, in batches, from any number of service instances.
 * <p>
 * One batch is one database transaction: claim pending rows, send them all asynchronously with an
 * idempotent producer (acks=all), wait for every acknowledgement, mark the acknowledged rows
 * published, commit. Why this neither skips nor reorders an aggregate's events:
 * <ul>
 * <li>It claims every row that is still unpublished ({@code published_at IS NULL}) instead of
 * advancing a watermark, so a row whose transaction committed late is claimed by the next batch;
 * it is never behind a "last seen" position.</li>
 * <li>{@link Outbox#append} draws an aggregate's positions in commit order, and the claim reads in
 * position order.</li>
 * <li>A batch never takes an aggregate's event while an earlier event of that aggregate is still
 * pending outside the batch (in flight with another instance, or left by a failed send): it leaves
 * that aggregate for a later batch ({@link #withoutOvertaking}).</li>
 * <li>Each aggregate hashes to one of {@code ordering-buckets} buckets, and a batch claims a row only
 * while it holds its bucket's transaction-scoped advisory lock ({@code pg_try_advisory_xact_lock}),
 * so instances mostly work on different aggregates; {@code FOR UPDATE SKIP LOCKED} keeps them from
 * blocking each other on the rows themselves.</li>
 * <li>Within a batch, an aggregate's events go to one partition in position order, and the
 * idempotent producer keeps that order across its own retries. When a send fails, the aggregate's
 * later rows of the batch stay unpublished too, so the retry publishes them after it.</li>
 * </ul>
 * A crash between the send and the commit publishes the batch again: delivery is at-least-once, and
 * the consumers' inbox makes the repetition harmless.
 */
public class OutboxRelay implements SmartLifecycle {

	/**
	 * The relay's bucket lock for a row, its class derived from this service's schema: the relays of
	 * services that share a database never take each other's buckets (advisory locks are
	 * database-wide).
	 */
	static final String BUCKET_LOCK = "pg_try_advisory_xact_lock(hashtext(current_schema() || ':outbox-relay'), "
			+ "hashtext(aggregate_type || ':' || aggregate_id) & ?)";

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final String CLAIM = """
			SELECT position, event_id, topic, aggregate_type, aggregate_id, event_type, schema_version,
			       traceparent, envelope
			FROM outbox_event
			WHERE published_at IS NULL
			  AND %s
			ORDER BY position
			LIMIT ?
			FOR UPDATE SKIP LOCKED
			""".formatted(BUCKET_LOCK);

	/** Of the batch's aggregates (type, id, first claimed position), those with an earlier pending event. */
	private static final String OVERTAKING = """
			SELECT claimed.aggregate_type, claimed.aggregate_id
			FROM unnest(?::text[], ?::text[], ?::bigint[]) AS claimed (aggregate_type, aggregate_id, first_position)
			WHERE EXISTS (SELECT 1 FROM outbox_event earlier
			              WHERE earlier.published_at IS NULL AND earlier.aggregate_id = claimed.aggregate_id
			                AND earlier.position < claimed.first_position
			                AND earlier.aggregate_type = claimed.aggregate_type)
			""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final KafkaTemplate<String, byte[]> kafka;

	private final MessagingProperties.Relay settings;

	private final OutboxNotifications notifications;

	private final Counter relayed;

	private final Counter failures;

	private final AtomicReference<@Nullable RelayError> lastError = new AtomicReference<>();

	private volatile boolean running;

	private @Nullable Thread worker;

	OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
			MessagingProperties.Relay settings, OutboxNotifications notifications, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kafka = kafka;
		this.settings = settings;
		this.notifications = notifications;
		this.relayed = Counter.builder("outbox.relayed").description("Outbox events published to Kafka")
			.register(meters);
		this.failures = Counter.builder("outbox.relay.failures")
			.description("Outbox events whose publication failed and will be retried")
			.register(meters);
	}

	/**
	 * Claims, publishes and marks one batch.
	 * @return what the batch did, never {@literal null}
	 */
	public BatchResult relayBatch() {
		BatchResult result = transactions.execute(status -> publish(withoutOvertaking(claim())));
		if (result == null) {
			throw new IllegalStateException("The relay transaction returned no result");
		}
		relayed.increment(result.published());
		if (result.failed() > 0) {
			failures.increment(result.failed());
		}
		return result;
	}

	/** @return the last failed batch's error, or {@literal null} when the last batch succeeded */
	public @Nullable RelayError lastError() {
		return lastError.get();
	}

	private List<PendingEvent> claim() {
		return jdbc.query(CLAIM, OutboxRelay::pendingEvent, settings.orderingBuckets() - 1,
				settings.batchSize());
	}

	/**
	 * Drops from the batch every aggregate that still has an earlier event pending outside it. The
	 * bucket lock alone cannot promise that: a claim that skipped an aggregate's rows while another
	 * instance held the bucket may find the bucket free a few rows later, once that instance has
	 * committed (or failed). Earlier events of an aggregate always committed before its later ones
	 * were written, so this fresh look sees every one of them that is not yet published.
	 */
	private List<PendingEvent> withoutOvertaking(List<PendingEvent> claimed) {
		if (claimed.isEmpty()) {
			return claimed;
		}
		Map<String, PendingEvent> firstClaimed = new LinkedHashMap<>();
		claimed.forEach(event -> firstClaimed.putIfAbsent(event.aggregateKey(), event));
		Set<String> overtaking = new HashSet<>();
		jdbc.query(OVERTAKING, ps -> {
			java.sql.Connection connection = ps.getConnection();
			ps.setArray(1, connection.createArrayOf("text",
					firstClaimed.values().stream().map(PendingEvent::aggregateType).toArray()));
			ps.setArray(2, connection.createArrayOf("text",
					firstClaimed.values().stream().map(PendingEvent::aggregateId).toArray()));
			ps.setArray(3, connection.createArrayOf("bigint",
					firstClaimed.values().stream().map(PendingEvent::position).toArray()));
		}, rs -> {
			overtaking.add(rs.getString("aggregate_type") + ':' + rs.getString("aggregate_id"));
		});
		if (overtaking.isEmpty()) {
			return claimed;
		}
		log.debug("Leaving {} aggregates for a later batch: an earlier event of theirs is still pending",
				overtaking.size());
		return claimed.stream().filter(event -> !overtaking.contains(event.aggregateKey())).toList();
	}

	private BatchResult publish(List<PendingEvent> batch) {
		if (batch.isEmpty()) {
			return BatchResult.EMPTY;
		}
		List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
		for (PendingEvent event : batch) {
			CompletableFuture<?> send = send(event);
			sends.add(send);
			if (send.isCompletedExceptionally()) {
				// The producer could not even queue it (no metadata: Kafka unreachable). Sending the rest
				// would block once per record; leave them for the retry.
				break;
			}
		}
		kafka.flush();

		long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
		List<Long> published = new ArrayList<>(batch.size());
		List<Long> failed = new ArrayList<>();
		Set<String> blockedAggregates = new HashSet<>();
		@Nullable String firstError = null;
		for (int i = 0; i < batch.size(); i++) {
			PendingEvent event = batch.get(i);
			@Nullable String error = i < sends.size() ? outcome(sends.get(i), deadline) : "not sent after an earlier failure";
			if (error == null && !blockedAggregates.contains(event.aggregateKey())) {
				published.add(event.position());
				continue;
			}
			// Keep this aggregate's later events unpublished: they must follow the failed one.
			blockedAggregates.add(event.aggregateKey());
			failed.add(event.position());
			if (error != null && firstError == null) {
				firstError = event.eventType() + " " + event.eventId() + ": " + error;
			}
		}
		markPublished(published);
		if (!failed.isEmpty()) {
			recordFailure(failed, firstError == null ? "blocked behind a failed event" : firstError);
			// A fresh producer for the retry: new metadata, new producer id, no state left from a broker
			// that went away.
			kafka.getProducerFactory().reset();
		}
		return new BatchResult(batch.size(), published.size(), failed.size());
	}

	private CompletableFuture<?> send(PendingEvent event) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("eventId", bytes(event.eventId().toString()));
		headers.add("eventType", bytes(event.eventType()));
		headers.add("schemaVersion", bytes(Integer.toString(event.schemaVersion())));
		if (event.traceparent() != null) {
			headers.add("traceparent", bytes(event.traceparent()));
		}
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), null, event.aggregateId(),
				bytes(event.envelope()), headers);
		try {
			return kafka.send(record);
		}
		catch (RuntimeException ex) {
			// send() throws when the producer cannot even queue the record (e.g. metadata timeout).
			return CompletableFuture.failedFuture(ex);
		}
	}

	private static @Nullable String outcome(CompletableFuture<?> send, long deadlineNanos) {
		try {
			send.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
			return null;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex;
			while (cause.getCause() != null && cause.getCause() != cause) {
				cause = cause.getCause();
			}
			return cause.getClass().getSimpleName() + ": " + cause.getMessage();
		}
		catch (TimeoutException ex) {
			send.cancel(false);
			return "no acknowledgement from Kafka within the send timeout";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted while waiting for Kafka";
		}
	}

	private void markPublished(List<Long> positions) {
		if (!positions.isEmpty()) {
			jdbc.update("UPDATE outbox_event SET published_at = clock_timestamp(), attempts = attempts + 1, "
					+ "last_error = NULL WHERE position = ANY(?)",
					ps -> ps.setArray(1, ps.getConnection().createArrayOf("bigint", positions.toArray())));
		}
	}

	private void recordFailure(List<Long> positions, String error) {
		jdbc.update("UPDATE outbox_event SET attempts = attempts + 1, last_error = ? WHERE position = ANY(?)", ps -> {
			ps.setString(1, error);
			ps.setArray(2, ps.getConnection().createArrayOf("bigint", positions.toArray()));
		});
		lastError.set(new RelayError(error, Instant.now()));
	}

	private void relayUntilStopped() {
		Duration backoff = settings.initialBackoff();
		while (running) {
			try {
				BatchResult result = relayBatch();
				if (result.failed() > 0) {
					log.warn("Outbox relay: {} of {} events not published, retrying in {}: {}", result.failed(),
							result.claimed(), backoff, lastError());
					pause(backoff);
					backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
							: backoff.multipliedBy(2);
					continue;
				}
				if (lastError.get() != null) {
					log.info("Outbox relay recovered");
					lastError.set(null);
				}
				backoff = settings.initialBackoff();
				if (result.claimed() < settings.batchSize()) {
					notifications.await(settings.pollInterval());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				lastError.set(new RelayError(ex.getClass().getSimpleName() + ": " + ex.getMessage(), Instant.now()));
				log.warn("Outbox relay batch failed, retrying in {}", backoff, ex);
				try {
					pause(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
						: backoff.multipliedBy(2);
			}
		}
	}

	private void pause(Duration duration) throws InterruptedException {
		TimeUnit.MILLISECONDS.sleep(duration.toMillis());
	}

	@Override
	public synchronized void start() {
		if (running || !settings.enabled()) {
			return;
		}
		running = true;
		Thread thread = new Thread(this::relayUntilStopped, "outbox-relay");
		thread.setDaemon(true);
		worker = thread;
		thread.start();
		log.info("Outbox relay started (batch size {}, poll interval {}, {} ordering buckets)", settings.batchSize(),
				settings.pollInterval(), settings.orderingBuckets());
	}

	@Override
	public synchronized void stop() {
		running = false;
		Thread thread = worker;
		worker = null;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(settings.sendTimeout().toMillis() + 5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		notifications.close();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		// Stop after the consumers (which append through handlers) and start before them.
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static PendingEvent pendingEvent(ResultSet rs, int row) throws SQLException {
		return new PendingEvent(rs.getLong("position"), rs.getObject("event_id", UUID.class), rs.getString("topic"),
				rs.getString("aggregate_type"), rs.getString("aggregate_id"), rs.getString("event_type"),
				rs.getInt("schema_version"), rs.getString("traceparent"), rs.getString("envelope"));
	}

	private record PendingEvent(long position, UUID eventId, String topic, String aggregateType, String aggregateId,
			String eventType, int schemaVersion, @Nullable String traceparent, String envelope) {

		String aggregateKey() {
			return aggregateType + ':' + aggregateId;
		}
	}

	/**
	 * What one relay batch did.
	 * @param claimed rows claimed
	 * @param published rows published and marked
	 * @param failed rows left pending for a retry
	 */
	public record BatchResult(int claimed, int published, int failed) {

		static final BatchResult EMPTY = new BatchResult(0, 0, 0);
	}

	/**
	 * The most recent relay failure.
	 * @param message what failed, never {@literal null}
	 * @param at when, never {@literal null}
	 */
	public record RelayError(String message, Instant at) {
	}
}
