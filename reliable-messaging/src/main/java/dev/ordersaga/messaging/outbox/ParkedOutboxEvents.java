package dev.ordersaga.messaging.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox rows the relay parked after Kafka refused them {@code relay.park-after} times, for
 * operators: list them, retry one (after raising a broker limit, say), or discard one that can never
 * be published. A parked row holds back its aggregate's later rows and nothing else.
 */
public class ParkedOutboxEvents {

	private static final String COLUMNS = """
			position, event_id, topic, aggregate_type, aggregate_id, event_type, schema_version,
			octet_length(envelope) AS size_bytes, created_at, parked_at, attempts, refusals, last_error,
			(SELECT count(*) FROM outbox_event later
			 WHERE later.published_at IS NULL AND later.aggregate_id = parked.aggregate_id
			   AND later.aggregate_type = parked.aggregate_type AND later.position > parked.position) AS waiting_behind
			""";

	private final JdbcTemplate jdbc;

	ParkedOutboxEvents(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param page zero-based page
	 * @param size rows per page, at least 1
	 * @return the parked rows, oldest position first, never {@literal null}
	 */
	public List<ParkedEvent> list(int page, int size) {
		return jdbc.query("SELECT " + COLUMNS + """
				FROM outbox_event parked
				WHERE parked_at IS NOT NULL AND published_at IS NULL
				ORDER BY position
				LIMIT ? OFFSET ?
				""", ParkedOutboxEvents::parkedEvent, size, (long) page * size);
	}

	/** @return how many rows are parked */
	public long count() {
		Long count = jdbc.queryForObject(
				"SELECT count(*) FROM outbox_event WHERE parked_at IS NOT NULL AND published_at IS NULL", Long.class);
		return count == null ? 0 : count;
	}

	/**
	 * Puts a parked row back into the claim, with a fresh refusal count: the relay tries it again at
	 * its next batch.
	 * @param position the row's position
	 * @return whether a parked row was found and released
	 */
	public boolean retry(long position) {
		return jdbc.update("""
				UPDATE outbox_event SET parked_at = NULL, refusals = 0, lease_owner = NULL, lease_until = NULL
				WHERE position = ? AND parked_at IS NOT NULL AND published_at IS NULL
				""", position) == 1;
	}

	/**
	 * Gives up on a parked row: it is never published, leaves the outbox as a published row would
	 * (the purge removes it after the retention), keeps its error for the record, and its aggregate's
	 * later rows flow again.
	 * @param position the row's position
	 * @return whether a parked row was found and discarded
	 */
	public boolean discard(long position) {
		return jdbc.update("""
				UPDATE outbox_event SET discarded_at = clock_timestamp(), published_at = clock_timestamp(),
				                        lease_owner = NULL, lease_until = NULL
				WHERE position = ? AND parked_at IS NOT NULL AND published_at IS NULL
				""", position) == 1;
	}

	private static ParkedEvent parkedEvent(ResultSet rs, int row) throws SQLException {
		return new ParkedEvent(rs.getLong("position"), rs.getObject("event_id", UUID.class), rs.getString("topic"),
				rs.getString("aggregate_type"), rs.getString("aggregate_id"), rs.getString("event_type"),
				rs.getInt("schema_version"), rs.getLong("size_bytes"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("parked_at").toInstant(), rs.getInt("attempts"), rs.getInt("refusals"),
				rs.getString("last_error"), rs.getLong("waiting_behind"));
	}

	/**
	 * A parked outbox row as an operator sees it.
	 * @param position its position (the id to retry or discard it by)
	 * @param eventId the event's id
	 * @param topic the topic it was meant for
	 * @param aggregateType its aggregate's type
	 * @param aggregateId its aggregate's id
	 * @param eventType the event's type
	 * @param schemaVersion the event's schema version
	 * @param sizeBytes the envelope's size in bytes
	 * @param createdAt when the business transaction wrote it
	 * @param parkedAt when the relay parked it
	 * @param attempts how often the relay tried it
	 * @param refusals how often Kafka refused it
	 * @param lastError Kafka's last answer
	 * @param waitingBehind the aggregate's later rows held back by it
	 */
	public record ParkedEvent(long position, UUID eventId, String topic, String aggregateType, String aggregateId,
			String eventType, int schemaVersion, long sizeBytes, Instant createdAt, Instant parkedAt, int attempts,
			int refusals, @Nullable String lastError, long waitingBehind) {
	}
}
