package dev.ordersaga.messaging.outbox;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads how far behind the relay is: the pending rows, the age of the oldest, and the parked rows.
 * The query uses the partial index on unpublished rows, so it stays cheap however large the table is.
 */
public class OutboxBacklog {

	private final JdbcTemplate jdbc;

	OutboxBacklog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** @return the current backlog, never {@literal null} */
	public Snapshot read() {
		Snapshot snapshot = jdbc.queryForObject("""
				SELECT count(*) FILTER (WHERE parked_at IS NULL) AS pending,
				       count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked,
				       min(created_at) FILTER (WHERE parked_at IS NULL) AS oldest, clock_timestamp() AS now
				FROM outbox_event WHERE published_at IS NULL
				""", (rs, row) -> {
			Instant oldest = rs.getTimestamp("oldest") == null ? null : rs.getTimestamp("oldest").toInstant();
			Instant now = rs.getTimestamp("now").toInstant();
			return new Snapshot(rs.getLong("pending"), rs.getLong("parked"),
					oldest == null ? Duration.ZERO : Duration.between(oldest, now), oldest);
		});
		if (snapshot == null) {
			throw new IllegalStateException("The backlog query returned no row");
		}
		return snapshot;
	}

	/**
	 * A parked row is counted in {@code parked} only: it waits for an operator, not for the relay, and
	 * has its own alert. Rows of the same aggregate held behind it are pending, and age.
	 *
	 * @param pending unpublished rows the relay will publish, parked ones not included
	 * @param parked rows the relay parked after Kafka refused them, waiting for an operator
	 * @param oldestPendingAge age of the oldest pending row, zero when there is none
	 * @param oldestPendingCreatedAt when the oldest pending row was written, {@literal null} when none
	 */
	public record Snapshot(long pending, long parked, Duration oldestPendingAge, @Nullable Instant oldestPendingCreatedAt) {
	}
}
