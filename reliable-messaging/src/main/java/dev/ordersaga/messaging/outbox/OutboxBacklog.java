package dev.ordersaga.messaging.outbox;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads how far behind the relay is: the pending rows and the age of the oldest. Both queries use
 * the partial index on pending rows, so they stay cheap however large the table is.
 */
public class OutboxBacklog {

	private final JdbcTemplate jdbc;

	OutboxBacklog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** @return the current backlog, never {@literal null} */
	public Snapshot read() {
		Snapshot snapshot = jdbc.queryForObject("""
				SELECT count(*) AS pending, min(created_at) AS oldest, clock_timestamp() AS now
				FROM outbox_event WHERE published_at IS NULL
				""", (rs, row) -> {
			Instant oldest = rs.getTimestamp("oldest") == null ? null : rs.getTimestamp("oldest").toInstant();
			Instant now = rs.getTimestamp("now").toInstant();
			return new Snapshot(rs.getLong("pending"), oldest == null ? Duration.ZERO : Duration.between(oldest, now),
					oldest);
		});
		if (snapshot == null) {
			throw new IllegalStateException("The backlog query returned no row");
		}
		return snapshot;
	}

	/**
	 * @param pending unpublished rows
	 * @param oldestPendingAge age of the oldest unpublished row, zero when there is none
	 * @param oldestPendingCreatedAt when the oldest unpublished row was written, {@literal null} when none
	 */
	public record Snapshot(long pending, Duration oldestPendingAge, @Nullable Instant oldestPendingCreatedAt) {
	}
}
