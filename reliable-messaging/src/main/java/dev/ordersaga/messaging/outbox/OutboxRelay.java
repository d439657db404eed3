package dev.ordersaga.messaging.outbox;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.ordersaga.messaging.MessagingProperties;

/**
 * Publishes committed outbox rows to Kafka, in batches, from any number of service instances.
 * <p>
 * A batch never holds a database transaction or a lock while it waits on Kafka:
 * <ol>
 * <li>{@link RelayStore#claim claim}: one short transaction leases up to a batch of pending rows to
 * this relay (owner and expiry), in position order, never overtaking an earlier row of the same
 * aggregate;</li>
 * <li>{@link BatchSender send}: outside any transaction, the rows go to Kafka in
 * {@link RelayBatch waves} through an idempotent producer (acks=all), so an aggregate's later row
 * is sent only after its earlier ones were acknowledged;</li>
 * <li>{@link RelayStore#settle settle}: a second short transaction marks the acknowledged rows
 * published, records the failures (a row Kafka refuses for good is parked after
 * {@code relay.park-after} refusals) and releases the lease on the rest.</li>
 * </ol>
 * A relay that dies between sending and settling leaves its leases to expire; another claim then
 * publishes the rows again, in order, and the consumers' inbox absorbs the repetition.
 * <p>
 * The relay wakes on commit (LISTEN/NOTIFY, issued before the first claim), polls as a fallback,
 * and goes on at once while a full batch suggests more is waiting; {@code outbox.relay.wakeups}
 * counts each cause. While Kafka is unavailable it backs off, doubling the pause up to
 * {@code relay.max-backoff}.
 */
public class OutboxRelay implements SmartLifecycle {

	/** The relay's bucket lock: see {@link RelayStore}. */
	static final String BUCKET_LOCK = RelayStore.BUCKET_LOCK;

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/** A claim or a settlement slower than this is logged: the database, not Kafka, holds the relay up. */
	private static final long SLOW_STEP_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final RelayStore store;

	private final BatchSender sender;

	private final KafkaTemplate<String, byte[]> kafka;

	private final MessagingProperties.Relay settings;

	/** The pauses after failed batches: doubled per failure up to the maximum, afresh after a success. */
	private final ExponentialBackOff backOff;

	private final OutboxNotifications notifications;

	private final String owner;

	private final Counter relayed;

	private final Counter failures;

	private final Counter refusals;

	private final Counter parked;

	private final Map<Wake, Counter> wakeups = new EnumMap<>(Wake.class);

	private final AtomicReference<@Nullable RelayError> lastError = new AtomicReference<>();

	private volatile boolean running;

	/**
	 * Guards {@link #inBatch} against {@link #stop()}: a stop interrupts the relay's thread only while
	 * it waits, never in the middle of a batch.
	 */
	private final Object batchLock = new Object();

	private boolean inBatch;

	private @Nullable Thread worker;

	OutboxRelay(RelayStore store, KafkaTemplate<String, byte[]> kafka, MessagingProperties.Relay settings,
			OutboxNotifications notifications, MeterRegistry meters) {
		this(store, kafka, settings, notifications, meters, PublishSpans.NONE);
	}

	OutboxRelay(RelayStore store, KafkaTemplate<String, byte[]> kafka, MessagingProperties.Relay settings,
			OutboxNotifications notifications, MeterRegistry meters, PublishSpans spans) {
		this.store = store;
		this.sender = new BatchSender(kafka, spans);
		this.kafka = kafka;
		this.settings = settings;
		this.backOff = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2);
		this.backOff.setMaxInterval(settings.maxBackoff().toMillis());
		this.notifications = notifications;
		this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
		this.relayed = Counter.builder("outbox.relayed").description("Outbox events published to Kafka")
			.register(meters);
		this.failures = Counter.builder("outbox.relay.failures")
			.description("Outbox events not published because Kafka was unavailable; they are retried")
			.register(meters);
		this.refusals = Counter.builder("outbox.relay.refusals")
			.description("Outbox events Kafka refused for good (too large, invalid, not authorised)")
			.register(meters);
		this.parked = Counter.builder("outbox.relay.parked")
			.description("Outbox events parked after repeated refusals, waiting for an operator")
			.register(meters);
		for (Wake wake : Wake.values()) {
			wakeups.put(wake, Counter.builder("outbox.relay.wakeups")
				.description("Why the relay ran a batch: a commit notification, the fallback poll, or a backlog")
				.tag("cause", wake.tag())
				.register(meters));
		}
	}

	/**
	 * Claims, publishes and settles one batch.
	 * @return what the batch did, never {@literal null}
	 */
	public BatchResult relayBatch() {
		long started = System.nanoTime();
		List<PendingEvent> claimed = claim();
		if (claimed.isEmpty()) {
			slowStep("claim of no rows", started);
			return BatchResult.EMPTY;
		}
		long claimedAt = System.nanoTime();
		RelayBatch sent = send(claimed);
		long sentAt = System.nanoTime();
		BatchResult result = settle(sent);
		long settledAt = System.nanoTime();
		if (log.isDebugEnabled() || claimedAt - started > SLOW_STEP_NANOS || settledAt - sentAt > SLOW_STEP_NANOS) {
			String timings = "claim %d ms, send %d ms, settle %d ms".formatted((claimedAt - started) / 1_000_000,
					(sentAt - claimedAt) / 1_000_000, (settledAt - sentAt) / 1_000_000);
			if (claimedAt - started > SLOW_STEP_NANOS || settledAt - sentAt > SLOW_STEP_NANOS) {
				log.warn("Outbox relay {}: slow batch of {} rows on the database ({})", owner, claimed.size(), timings);
			}
			else {
				log.debug("Outbox relay {}: {} rows ({})", owner, claimed.size(), timings);
			}
		}
		return result;
	}

	private void slowStep(String step, long started) {
		long took = System.nanoTime() - started;
		if (took > SLOW_STEP_NANOS) {
			log.warn("Outbox relay {}: slow {} on the database ({} ms)", owner, step, took / 1_000_000);
		}
	}

	/** The first step of a batch: lease rows to this relay. */
	List<PendingEvent> claim() {
		return store.claim(owner);
	}

	/** The second step: send them, outside any transaction. */
	RelayBatch send(List<PendingEvent> claimed) {
		RelayBatch batch = new RelayBatch(claimed);
		sender.send(batch, System.nanoTime() + settings.sendTimeout().toNanos());
		return batch;
	}

	/** The last step: record what became of them. */
	BatchResult settle(RelayBatch batch) {
		RelayBatch.Outcome outcome = batch.outcome();
		int parkedNow = store.settle(outcome, owner);
		relayed.increment(outcome.published().size());
		failures.increment(outcome.unavailable().size());
		refusals.increment(outcome.refused().size());
		parked.increment(parkedNow);
		if (!outcome.failed().isEmpty()) {
			RelayBatch.Failed first = outcome.failed().get(0);
			lastError.set(new RelayError(first.event().eventType() + " " + first.event().eventId() + ": "
					+ first.failure().message(), Instant.now()));
		}
		if (outcome.kafkaUnavailable()) {
			// A fresh producer for the retry: new metadata, new producer id, no state left from a broker
			// that went away.
			kafka.getProducerFactory().reset();
		}
		return new BatchResult(outcome.claimed(), outcome.published().size(),
				outcome.claimed() - outcome.published().size(), outcome.refused().size(), parkedNow,
				outcome.kafkaUnavailable());
	}

	/** @return the last failed batch's error, or {@literal null} when the relay has recovered since */
	public @Nullable RelayError lastError() {
		return lastError.get();
	}

	private void relayUntilStopped() {
		try {
			relayWhileRunning();
		}
		finally {
			notifications.close();
		}
	}

	private void relayWhileRunning() {
		// Before the first claim: a row committed between that claim and a later LISTEN would wait for
		// the poll.
		notifications.listen();
		BackOffExecution backoffs = backOff.start();
		BackOffExecution retryWaits = backOff.start();
		while (running) {
			try {
				BatchResult result = relayBatchUnlessStopped();
				if (result == null || !running) {
					return;
				}
				if (result.kafkaUnavailable()) {
					Duration backoff = Duration.ofMillis(backoffs.nextBackOff());
					log.warn("Outbox relay: {} of {} events not published, retrying in {}: {}", result.failed(),
							result.claimed(), backoff, lastError());
					pause(backoff);
					continue;
				}
				if (result.failed() == 0 && result.claimed() > 0 && lastError.get() != null) {
					log.info("Outbox relay recovered");
					lastError.set(null);
				}
				backoffs = backOff.start();
				if (result.claimed() >= settings.batchSize()) {
					wakeups.get(Wake.BACKLOG).increment();
					continue;
				}
				// Rows Kafka refused wait out a delay (initial backoff, doubled per refusal) that no commit
				// will announce: look again after about that delay instead of the fallback poll.
				Duration wait = settings.pollInterval();
				if (result.failed() > 0) {
					Duration retryWait = Duration.ofMillis(retryWaits.nextBackOff());
					wait = retryWait.compareTo(wait) < 0 ? retryWait : wait;
				}
				else {
					retryWaits = backOff.start();
				}
				OutboxNotifications.WakeUp wakeUp = notifications.await(wait, owner);
				wakeups.get(wakeUp == OutboxNotifications.WakeUp.NOTIFIED ? Wake.NOTIFIED : Wake.POLL).increment();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				lastError.set(new RelayError(ex.getClass().getSimpleName() + ": " + ex.getMessage(), Instant.now()));
				if (!running) {
					return;
				}
				Duration backoff = Duration.ofMillis(backoffs.nextBackOff());
				log.warn("Outbox relay batch failed, retrying in {}", backoff, ex);
				try {
					pause(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * Runs one batch unless the relay is stopping. A stop waits for a batch to settle instead of
	 * interrupting it: interrupted, the Kafka producer's flush throws, and the batch's rows would stay
	 * leased, their aggregates held, until the lease runs out.
	 * @return what the batch did, or {@literal null} when the relay is stopping
	 */
	private @Nullable BatchResult relayBatchUnlessStopped() {
		synchronized (this.batchLock) {
			if (!running) {
				return null;
			}
			this.inBatch = true;
		}
		try {
			return relayBatch();
		}
		finally {
			synchronized (this.batchLock) {
				this.inBatch = false;
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
		log.info("Outbox relay {} started (batch size {}, poll interval {}, lease {}, parks after {} refusals, "
				+ "{} ordering buckets)", owner, settings.batchSize(), settings.pollInterval(), settings.lease(),
				settings.parkAfter(), settings.orderingBuckets());
	}

	/**
	 * Stops the relay after the batch in progress, if any, has settled, so that no row is left
	 * leased. Waits up to the send timeout and a few seconds for that; after that the thread is
	 * interrupted, and its rows wait out their lease.
	 */
	@Override
	public synchronized void stop() {
		Thread thread = worker;
		worker = null;
		synchronized (this.batchLock) {
			running = false;
			if (thread != null && !this.inBatch) {
				// Ends a backoff pause at once and a wait for notifications within a second. A thread in a
				// batch sees running turn false when the batch has settled.
				thread.interrupt();
			}
		}
		if (thread == null) {
			return;
		}
		// The LISTEN connection is closed by the relay's own thread as it leaves: closing it from here, in
		// the middle of that thread's read, would race with the read on the connection's state.
		try {
			thread.join(settings.sendTimeout().toMillis() + 6_000);
			if (thread.isAlive()) {
				log.warn("Outbox relay {} did not settle its batch in time; its rows wait out their lease", owner);
				thread.interrupt();
				thread.join(2_000);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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

	/** Why the relay ran a batch, as the {@code cause} tag of {@code outbox.relay.wakeups}. */
	private enum Wake {

		NOTIFIED, POLL, BACKLOG;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	/**
	 * What one relay batch did.
	 * @param claimed rows claimed
	 * @param published rows published and marked
	 * @param failed rows not published (failed, refused, or not sent behind one of them)
	 * @param refused rows Kafka refused for good in this batch
	 * @param parked rows parked by this batch after their last refusal
	 * @param kafkaUnavailable whether a row failed because Kafka was unavailable (the relay backs off)
	 */
	public record BatchResult(int claimed, int published, int failed, int refused, int parked,
			boolean kafkaUnavailable) {

		static final BatchResult EMPTY = new BatchResult(0, 0, 0, 0, 0, false);
	}

	/**
	 * The most recent relay failure.
	 * @param message what failed, never {@literal null}
	 * @param at when, never {@literal null}
	 */
	public record RelayError(String message, Instant at) {
	}
}
