package dev.ordersaga.messaging.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.messaging.MessagingProperties;

/**
 * The relay's two short transactions on the outbox table: the claim, which leases rows to one
 * relay, and the settlement, which records what became of them. Nothing here waits on Kafka.
 * <p>
 * Why a claim neither skips nor reorders an aggregate's events:
 * <ul>
 * <li>It claims every row that is still unpublished instead of advancing a watermark, so a row
 * whose transaction committed late is claimed by the next batch.</li>
 * <li>{@link Outbox#append} draws an aggregate's positions in commit order, and the claim reads in
 * position order.</li>
 * <li>It never takes a row behind an earlier row of its aggregate that is parked, leased to another
 * relay, or waiting out its retry delay, and the {@link #withoutOvertaking fresh look} after it
 * drops every aggregate with an earlier row still pending outside the batch (say, locked by a
 * concurrent claim).</li>
 * <li>Each aggregate hashes to one of {@code ordering-buckets} buckets, and a claim takes a row only
 * while it holds its bucket's transaction-scoped advisory lock, so concurrent claims mostly take
 * different aggregates; {@code FOR UPDATE SKIP LOCKED} keeps them from blocking each other.</li>
 * </ul>
 */
final class RelayStore {

	/**
	 * The relay's bucket lock for a row, its class derived from this service's schema: the relays of
	 * services that share a database never take each other's buckets (advisory locks are
	 * database-wide).
	 */
	static final String BUCKET_LOCK = "pg_try_advisory_xact_lock(hashtext(current_schema() || ':outbox-relay'), "
			+ "hashtext(aggregate_type || ':' || aggregate_id) & ?)";

	private static final Logger log = LoggerFactory.getLogger(RelayStore.class);

	private static final String CLAIM = """
			SELECT position, event_id, topic, aggregate_type, aggregate_id, event_type, schema_version,
			       traceparent, envelope
			FROM outbox_event claimable
			WHERE published_at IS NULL AND parked_at IS NULL
			  AND (lease_until IS NULL OR lease_until < clock_timestamp())
			  AND NOT EXISTS (SELECT 1 FROM outbox_event earlier
			                  WHERE earlier.published_at IS NULL AND earlier.aggregate_id = claimable.aggregate_id
			                    AND earlier.position < claimable.position
			                    AND earlier.aggregate_type = claimable.aggregate_type
			                    AND (earlier.parked_at IS NOT NULL OR earlier.lease_until >= clock_timestamp()))
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

	private static final String LEASE = """
			UPDATE outbox_event SET lease_owner = ?, lease_until = clock_timestamp() + ?::interval
			WHERE position = ANY(?)
			""";

	private static final String PUBLISHED = """
			UPDATE outbox_event
			SET published_at = clock_timestamp(), attempts = attempts + 1, last_error = NULL,
			    lease_owner = NULL, lease_until = NULL
			WHERE position = ANY(?) AND published_at IS NULL
			""";

	/** Kafka was unavailable: the row is free for the next claim (the relay backs off as a whole). */
	private static final String UNAVAILABLE = """
			UPDATE outbox_event SET attempts = attempts + 1, last_error = ?, lease_owner = NULL, lease_until = NULL
			WHERE position = ? AND lease_owner = ? AND published_at IS NULL
			""";

	/**
	 * Kafka refused the row: it waits out a delay that doubles per refusal (the lease column, with
	 * no owner, holds it out of the claim), and is parked at the configured refusal count.
	 */
	private static final String REFUSED = """
			UPDATE outbox_event
			SET attempts = attempts + 1, refusals = refusals + 1, last_error = ?, lease_owner = NULL,
			    lease_until = clock_timestamp() + least(? * power(2, refusals), ?) * interval '1 millisecond',
			    parked_at = CASE WHEN refusals + 1 >= ? THEN clock_timestamp() END
			WHERE position = ? AND lease_owner = ? AND published_at IS NULL
			RETURNING parked_at IS NOT NULL AS parked
			""";

	private static final String RELEASE = """
			UPDATE outbox_event SET lease_owner = NULL, lease_until = NULL
			WHERE position = ANY(?) AND lease_owner = ? AND published_at IS NULL
			""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final MessagingProperties.Relay settings;

	/**
	 * @param jdbc the service's data source
	 * @param transactions transactions of a plain JDBC transaction manager on that data source
	 * @param settings the relay's settings
	 */
	RelayStore(JdbcTemplate jdbc, TransactionTemplate transactions, MessagingProperties.Relay settings) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.settings = settings;
	}

	/**
	 * Claims up to a batch of rows for one relay and leases them to it, in one short transaction.
	 * @param owner the claiming relay, must not be {@literal null}
	 * @return the claimed rows in position order, never {@literal null}
	 */
	List<PendingEvent> claim(String owner) {
		List<PendingEvent> claimed = transactions.execute(status -> {
			List<PendingEvent> rows = withoutOvertaking(
					jdbc.query(CLAIM, RelayStore::pendingEvent, settings.orderingBuckets() - 1, settings.batchSize()));
			if (!rows.isEmpty()) {
				jdbc.update(LEASE, ps -> {
					ps.setString(1, owner);
					ps.setString(2, settings.lease().toMillis() + " milliseconds");
					ps.setArray(3, positions(ps.getConnection(), rows.stream().map(PendingEvent::position).toList()));
				});
			}
			return rows;
		});
		return claimed == null ? List.of() : claimed;
	}

	/**
	 * Drops from the claim every aggregate that still has an earlier event pending outside it: one
	 * locked by a concurrent claim that {@code SKIP LOCKED} passed over, for instance. Earlier events
	 * of an aggregate always committed before its later ones were written, so this fresh look sees
	 * every one of them that is not yet published.
	 */
	private List<PendingEvent> withoutOvertaking(List<PendingEvent> claimed) {
		if (claimed.isEmpty()) {
			return claimed;
		}
		Map<String, PendingEvent> firstClaimed = new LinkedHashMap<>();
		claimed.forEach(event -> firstClaimed.putIfAbsent(event.aggregateKey(), event));
		Set<String> overtaking = new HashSet<>();
		jdbc.query(OVERTAKING, ps -> {
			Connection connection = ps.getConnection();
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

	/**
	 * Records what became of a batch's rows, in one short transaction: acknowledged rows are published,
	 * failed ones keep their error (a refused one waits out its delay, or is parked), and the lease on
	 * unsent ones is released so the next claim takes them at once.
	 * @param outcome the batch's outcome, must not be {@literal null}
	 * @param owner the relay that claimed the batch, must not be {@literal null}
	 * @return how many rows this settlement parked
	 */
	int settle(RelayBatch.Outcome outcome, String owner) {
		Integer parked = transactions.execute(status -> {
			if (!outcome.published().isEmpty()) {
				jdbc.update(PUBLISHED, ps -> ps.setArray(1,
						positions(ps.getConnection(), outcome.published().stream().map(PendingEvent::position).toList())));
			}
			for (RelayBatch.Failed failed : outcome.unavailable()) {
				jdbc.update(UNAVAILABLE, failed.failure().message(), failed.event().position(), owner);
			}
			int parkedNow = 0;
			for (RelayBatch.Failed failed : outcome.refused()) {
				List<Boolean> result = jdbc.queryForList(REFUSED, Boolean.class, failed.failure().message(),
						settings.initialBackoff().toMillis(), settings.maxBackoff().toMillis(), settings.parkAfter(),
						failed.event().position(), owner);
				if (result.contains(Boolean.TRUE)) {
					parkedNow++;
					log.error("Parked outbox row {} ({} {} of {} {}) after {} refusals: {}", failed.event().position(),
							failed.event().eventType(), failed.event().eventId(), failed.event().aggregateType(),
							failed.event().aggregateId(), settings.parkAfter(), failed.failure().message());
				}
			}
			if (!outcome.unsent().isEmpty()) {
				jdbc.update(RELEASE, ps -> {
					ps.setArray(1,
							positions(ps.getConnection(), outcome.unsent().stream().map(PendingEvent::position).toList()));
					ps.setString(2, owner);
				});
			}
			return parkedNow;
		});
		return parked == null ? 0 : parked;
	}

	private static java.sql.Array positions(Connection connection, List<Long> positions) throws SQLException {
		return connection.createArrayOf("bigint", positions.toArray());
	}

	private static PendingEvent pendingEvent(ResultSet rs, int row) throws SQLException {
		return new PendingEvent(rs.getLong("position"), rs.getObject("event_id", UUID.class), rs.getString("topic"),
				rs.getString("aggregate_type"), rs.getString("aggregate_id"), rs.getString("event_type"),
				rs.getInt("schema_version"), rs.getString("traceparent"), rs.getString("envelope"));
	}
}
