package dev.ordersaga.messaging.outbox;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.messaging.MessagingProperties;

/**
 * Keeps the messaging tables small and observable: purges published outbox rows and processed
 * inbox rows past their retention (inbox rows only below their partition's watermark), in bounded batches (safe with several instances: deletes are
 * idempotent), and refreshes the backlog gauges {@code outbox.pending},
 * {@code outbox.oldest.pending.age} and {@code outbox.parked}.
 */
public class MessagingHousekeeping implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MessagingHousekeeping.class);

	private static final Duration GAUGE_REFRESH = Duration.ofSeconds(5);

	private final JdbcTemplate jdbc;

	private final OutboxBacklog backlog;

	private final MessagingProperties.Retention retention;

	private final AtomicLong pending = new AtomicLong();

	private final AtomicLong oldestPendingAgeMillis = new AtomicLong();

	private final AtomicLong parked = new AtomicLong();

	private @Nullable ScheduledExecutorService scheduler;

	MessagingHousekeeping(JdbcTemplate jdbc, OutboxBacklog backlog, MessagingProperties.Retention retention,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.backlog = backlog;
		this.retention = retention;
		Gauge.builder("outbox.pending", pending, AtomicLong::get)
			.description("Outbox rows the relay has still to publish (parked rows not counted)")
			.register(meters);
		Gauge.builder("outbox.parked", parked, AtomicLong::get)
			.description("Outbox rows the relay parked after Kafka refused them; each holds back its aggregate")
			.register(meters);
		Gauge.builder("outbox.oldest.pending.age", oldestPendingAgeMillis, value -> value.get() / 1000.0)
			.description("Age in seconds of the oldest outbox row the relay has still to publish")
			.baseUnit("seconds")
			.register(meters);
	}

	/**
	 * Deletes published outbox rows and processed inbox rows older than their retention; an inbox row
	 * only once its partition's applied-offset watermark covers it (ADR 6).
	 * @return rows deleted
	 */
	public long purge() {
		long outbox = deleteInBatches("""
				DELETE FROM outbox_event WHERE position IN (
				  SELECT position FROM outbox_event
				  WHERE published_at IS NOT NULL AND published_at < clock_timestamp() - ?::interval
				  LIMIT ?)
				""", retention.publishedOutbox());
		// Only rows the partition's watermark covers: past it, a re-read record is skipped without
		// them. A replayed parked record above the watermark keeps its row until the watermark passes.
		long inbox = deleteInBatches("""
				DELETE FROM inbox_event WHERE (event_id, consumer) IN (
				  SELECT inbox.event_id, inbox.consumer FROM inbox_event inbox
				  JOIN inbox_partition_watermark watermark ON watermark.consumer = inbox.consumer
				    AND watermark.topic = inbox.topic AND watermark.kafka_partition = inbox.kafka_partition
				  WHERE inbox.processed_at < clock_timestamp() - ?::interval
				    AND inbox.kafka_offset <= watermark.applied_offset
				  LIMIT ?)
				""", retention.inbox());
		if (outbox + inbox > 0) {
			log.info("Purged {} published outbox rows and {} inbox rows", outbox, inbox);
		}
		return outbox + inbox;
	}

	private long deleteInBatches(String sql, Duration age) {
		String interval = age.toMillis() + " milliseconds";
		long total = 0;
		int deleted;
		do {
			deleted = jdbc.update(sql, interval, retention.purgeBatchSize());
			total += deleted;
		}
		while (deleted == retention.purgeBatchSize());
		return total;
	}

	void refreshGauges() {
		OutboxBacklog.Snapshot snapshot = backlog.read();
		pending.set(snapshot.pending());
		oldestPendingAgeMillis.set(snapshot.oldestPendingAge().toMillis());
		parked.set(snapshot.parked());
	}

	@Override
	public synchronized void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "messaging-housekeeping");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(guarded("refresh the outbox gauges", this::refreshGauges), 0,
				GAUGE_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
		long purgeMillis = retention.purgeInterval().toMillis();
		executor.scheduleWithFixedDelay(guarded("purge", this::purge), purgeMillis, purgeMillis,
				TimeUnit.MILLISECONDS);
		scheduler = executor;
	}

	private static Runnable guarded(String what, Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				log.warn("Messaging housekeeping could not {}: {}", what, ex.getMessage());
			}
		};
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService executor = scheduler;
		scheduler = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return scheduler != null;
	}
}
