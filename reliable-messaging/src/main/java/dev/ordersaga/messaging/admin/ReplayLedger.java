package dev.ordersaga.messaging.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.messaging.inbox.InboxProcessor;

/**
 * The {@code dead_letter_replay} table: which parked events of this service's dead-letter topic were
 * replayed, when, by whom and with what outcome. A row is claimed and completed inside the replay's
 * inbox transaction, so it exists exactly when the replay committed.
 */
class ReplayLedger {

	private final JdbcTemplate jdbc;

	private final String topic;

	ReplayLedger(JdbcTemplate jdbc, String topic) {
		this.jdbc = jdbc;
		this.topic = topic;
	}

	/**
	 * @param offset a parked event's offset
	 * @return its replay, if it was replayed
	 */
	Optional<DeadLetters.Replayed> find(long offset) {
		return jdbc.query("""
				SELECT dead_letter_offset, event_id, outcome, replayed_by, replayed_at, job_id FROM dead_letter_replay
				WHERE dead_letter_topic = ? AND dead_letter_offset = ?
				""", ReplayLedger::replayed, topic, offset).stream().findFirst();
	}

	/**
	 * @param from the first offset
	 * @param to one past the last offset
	 * @return the replays of the parked events in that range, by offset
	 */
	Map<Long, DeadLetters.Replayed> find(long from, long to) {
		List<DeadLetters.Replayed> replays = jdbc.query("""
				SELECT dead_letter_offset, event_id, outcome, replayed_by, replayed_at, job_id FROM dead_letter_replay
				WHERE dead_letter_topic = ? AND dead_letter_offset >= ? AND dead_letter_offset < ?
				""", ReplayLedger::replayed, topic, from, to);
		Map<Long, DeadLetters.Replayed> byOffset = new LinkedHashMap<>();
		replays.forEach(replay -> byOffset.put(replay.offset(), replay));
		return byOffset;
	}

	/**
	 * Claims the replay of a parked event; must run in the replay's transaction. Two replays racing on
	 * one offset are serialised here: the second waits for the first to commit, then is refused.
	 * @param offset the parked event's offset
	 * @param original the record as consumed from its original topic, must not be {@literal null}
	 * @param eventId its event id, may be {@literal null}
	 * @param replayedBy who asked, must not be {@literal null}
	 * @param jobId the replay-all job, {@literal null} for a single replay
	 * @return whether this transaction holds the claim; {@literal false} when the event was replayed already
	 */
	boolean claim(long offset, ConsumerRecord<String, byte[]> original, @Nullable UUID eventId, String replayedBy,
			@Nullable UUID jobId) {
		return jdbc.update("""
				INSERT INTO dead_letter_replay (dead_letter_topic, dead_letter_offset, original_topic,
				                                original_partition, original_offset, event_id, outcome, replayed_by, job_id)
				VALUES (?, ?, ?, ?, ?, ?, 'CLAIMED', ?, ?)
				ON CONFLICT DO NOTHING
				""", topic, offset, original.topic(), original.partition(), original.offset(), eventId, replayedBy,
				jobId) == 1;
	}

	/**
	 * Records what the claimed replay did; must run in the replay's transaction.
	 * @param offset the parked event's offset
	 * @param outcome what the inbox did, must not be {@literal null}
	 */
	void complete(long offset, InboxProcessor.Outcome outcome) {
		jdbc.update("""
				UPDATE dead_letter_replay SET outcome = ?, replayed_at = clock_timestamp()
				WHERE dead_letter_topic = ? AND dead_letter_offset = ?
				""", outcome.name(), topic, offset);
	}

	private static DeadLetters.Replayed replayed(ResultSet row, int index) throws SQLException {
		return new DeadLetters.Replayed(row.getLong("dead_letter_offset"), row.getObject("event_id", UUID.class),
				row.getString("outcome"), row.getString("replayed_by"),
				row.getTimestamp("replayed_at").toInstant(), row.getObject("job_id", UUID.class));
	}
}
