package dev.ordersaga.messaging.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * "Replay all" as a job: reads the dead-letter topic once, with one consumer, in offset order, and
 * replays each parked event that was not replayed yet through {@link DeadLetterReplay}, on a thread
 * of its own. Jobs live in {@code dead_letter_replay_job}, so one runs at a time per service (a
 * partial unique index on the running one) and any instance can show its progress. A job whose
 * instance died stops sending heartbeats; after {@link #STALE_AFTER} the next start abandons it.
 * <p>
 * When a parked event fails again, the later parked events of the same aggregate (Kafka key) are
 * held back for this job, so an aggregate's events are never replayed out of their order.
 */
class ReplayJobs implements DisposableBean {

	/** A running job that has not shown progress for this long is taken for dead. */
	static final Duration STALE_AFTER = Duration.ofMinutes(1);

	private static final Logger log = LoggerFactory.getLogger(ReplayJobs.class);

	private static final Map<ReplayOutcome, String> COUNTERS = new EnumMap<>(Map.of(ReplayOutcome.APPLIED, "applied",
			ReplayOutcome.DUPLICATE, "duplicates", ReplayOutcome.IGNORED, "ignored", ReplayOutcome.ALREADY_REPLAYED,
			"already_replayed", ReplayOutcome.INVALID, "failed", ReplayOutcome.FAILED, "failed",
			ReplayOutcome.HELD_BACK, "held_back"));

	private static final String JOB = """
			SELECT id, state, requested_by, started_at, finished_at, first_offset, end_offset, next_offset, applied,
			       duplicates, ignored, already_replayed, failed, held_back, error
			FROM dead_letter_replay_job
			""";

	private final JdbcTemplate jdbc;

	private final DeadLetters deadLetters;

	private final DeadLetterReplay replay;

	private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "dead-letter-replay");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean stopping;

	ReplayJobs(JdbcTemplate jdbc, DeadLetters deadLetters, DeadLetterReplay replay) {
		this.jdbc = jdbc;
		this.deadLetters = deadLetters;
		this.replay = replay;
	}

	/**
	 * Starts a job unless one is running.
	 * @param requestedBy who asks, must not be {@literal null}
	 * @return the new job, or the running one, never {@literal null}
	 */
	Start start(String requestedBy) {
		jdbc.update("""
				UPDATE dead_letter_replay_job
				SET state = 'ABANDONED', finished_at = clock_timestamp(),
				    error = 'No progress since ' || heartbeat_at || ': the instance running it stopped'
				WHERE dead_letter_topic = ? AND state = 'RUNNING' AND heartbeat_at < clock_timestamp() - ?::interval
				""", deadLetters.topic(), STALE_AFTER.toMillis() + " milliseconds");
		UUID id = UUID.randomUUID();
		int inserted = jdbc.update("""
				INSERT INTO dead_letter_replay_job (id, dead_letter_topic, requested_by, state)
				VALUES (?, ?, ?, 'RUNNING')
				ON CONFLICT (dead_letter_topic) WHERE state = 'RUNNING' DO NOTHING
				""", id, deadLetters.topic(), requestedBy);
		if (inserted == 0) {
			Optional<Job> running = jdbc.query(JOB + "WHERE dead_letter_topic = ? AND state = 'RUNNING'",
					ReplayJobs::job, deadLetters.topic()).stream().findFirst().map(this::withFailures);
			// Finished between the insert and this read: the caller may simply ask again.
			return new Start(running.orElseThrow(() -> new IllegalStateException(
					"A replay job was running a moment ago; ask again")), false);
		}
		log.info("Replay of every parked event on {} started by {} as job {}", deadLetters.topic(), requestedBy, id);
		executor.execute(() -> run(id, requestedBy));
		return new Start(find(id).orElseThrow(), true);
	}

	/**
	 * @param id a job's id, must not be {@literal null}
	 * @return the job with its progress and failures, if there is one
	 */
	Optional<Job> find(UUID id) {
		return jdbc.query(JOB + "WHERE id = ?", ReplayJobs::job, id).stream().findFirst().map(this::withFailures);
	}

	private void run(UUID id, String requestedBy) {
		Map<String, Long> failedAggregates = new HashMap<>();
		try (DeadLetters.Reader reader = deadLetters.reader()) {
			jdbc.update("""
					UPDATE dead_letter_replay_job
					SET first_offset = ?, end_offset = ?, next_offset = ?, heartbeat_at = clock_timestamp()
					WHERE id = ?
					""", reader.first(), reader.end(), reader.first(), id);
			for (ConsumerRecord<String, byte[]> parked = reader.next(); parked != null; parked = reader.next()) {
				if (stopping) {
					finish(id, "ABANDONED", "The service stopped before the job finished");
					return;
				}
				String key = parked.key();
				Long blocker = key == null ? null : failedAggregates.get(key);
				DeadLetterReplay.Result result = blocker != null ? replay.heldBack(parked.offset(), blocker)
						: replay.replay(parked, requestedBy, id);
				if (!result.outcome().replayed() && key != null) {
					failedAggregates.putIfAbsent(key, parked.offset());
				}
				progress(id, result, parked.offset() + 1);
			}
			finish(id, "COMPLETED", null);
			log.info("Replay job {} completed: {}", id, find(id).map(Job::outcomes).orElse(Map.of()));
		}
		catch (RuntimeException ex) {
			log.warn("Replay job {} failed: {}", id, ex.toString());
			finish(id, stopping ? "ABANDONED" : "FAILED", ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private void progress(UUID id, DeadLetterReplay.Result result, long nextOffset) {
		String counter = COUNTERS.get(result.outcome());
		jdbc.update("UPDATE dead_letter_replay_job SET " + counter + " = " + counter + " + 1, next_offset = ?, "
				+ "heartbeat_at = clock_timestamp() WHERE id = ?", nextOffset, id);
		if (!result.outcome().replayed()) {
			jdbc.update("""
					INSERT INTO dead_letter_replay_failure (job_id, dead_letter_offset, outcome, error)
					VALUES (?, ?, ?, ?)
					""", id, result.offset(), result.outcome().name(), String.valueOf(result.error()));
		}
	}

	private void finish(UUID id, String state, @Nullable String error) {
		jdbc.update("""
				UPDATE dead_letter_replay_job SET state = ?, error = ?, finished_at = clock_timestamp(),
				                                  heartbeat_at = clock_timestamp()
				WHERE id = ? AND state = 'RUNNING'
				""", state, error, id);
	}

	private static Job job(ResultSet row, int index) throws SQLException {
		Map<String, Integer> outcomes = new LinkedHashMap<>();
		outcomes.put("APPLIED", row.getInt("applied"));
		outcomes.put("DUPLICATE", row.getInt("duplicates"));
		outcomes.put("IGNORED", row.getInt("ignored"));
		outcomes.put("ALREADY_REPLAYED", row.getInt("already_replayed"));
		outcomes.put("FAILED", row.getInt("failed"));
		outcomes.put("HELD_BACK", row.getInt("held_back"));
		return new Job(row.getObject("id", UUID.class), row.getString("state"), row.getString("requested_by"),
				instant(row, "started_at"), instant(row, "finished_at"), row.getObject("first_offset", Long.class),
				row.getObject("end_offset", Long.class), row.getObject("next_offset", Long.class), outcomes, List.of(),
				row.getString("error"));
	}

	private Job withFailures(Job job) {
		List<Failure> failures = jdbc.query("""
				SELECT dead_letter_offset, outcome, error FROM dead_letter_replay_failure
				WHERE job_id = ? ORDER BY dead_letter_offset
				""", (row, index) -> new Failure(row.getLong("dead_letter_offset"), row.getString("outcome"),
				row.getString("error")), job.id());
		return new Job(job.id(), job.state(), job.requestedBy(), job.startedAt(), job.finishedAt(), job.firstOffset(),
				job.endOffset(), job.nextOffset(), job.outcomes(), failures, job.error());
	}

	private static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
		Timestamp timestamp = row.getTimestamp(column);
		return timestamp == null ? null : timestamp.toInstant();
	}

	/** Lets a running job finish the parked event at hand, then marks it abandoned. */
	@Override
	public void destroy() throws InterruptedException {
		stopping = true;
		executor.shutdown();
		if (!executor.awaitTermination(15, TimeUnit.SECONDS)) {
			executor.shutdownNow();
		}
	}

	/**
	 * The answer to a start.
	 * @param job the new job, or the one that is running
	 * @param started whether {@code job} is new
	 */
	record Start(Job job, boolean started) {
	}

	/**
	 * A replay-all job as an operator sees it.
	 * @param id its id
	 * @param state RUNNING, COMPLETED, FAILED (could not read the dead-letter topic) or ABANDONED
	 * @param requestedBy who started it
	 * @param startedAt when
	 * @param finishedAt when it ended, {@literal null} while it runs
	 * @param firstOffset the first parked event it covers, {@literal null} until it has read the topic's bounds
	 * @param endOffset one past the last parked event it covers (later ones are left to the next job)
	 * @param nextOffset the next parked event it looks at: the progress from {@code firstOffset} to {@code endOffset}
	 * @param outcomes parked events per outcome so far
	 * @param failures the parked events it did not replay, with the reason
	 * @param error why the job itself failed or was abandoned, {@literal null} otherwise
	 */
	record Job(UUID id, String state, String requestedBy, @Nullable Instant startedAt, @Nullable Instant finishedAt,
			@Nullable Long firstOffset, @Nullable Long endOffset, @Nullable Long nextOffset, Map<String, Integer> outcomes,
			List<Failure> failures, @Nullable String error) {
	}

	/**
	 * A parked event a job did not replay.
	 * @param offset its offset in the dead-letter topic
	 * @param outcome INVALID, FAILED or HELD_BACK
	 * @param error why
	 */
	record Failure(long offset, String outcome, String error) {
	}
}
