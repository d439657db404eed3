package dev.ordersaga.messaging.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.messaging.MessagingProperties;

/**
 * The relay's two short transactions on the outbox table: the claim, one statement that leases rows
 * to one relay, and the settlement, which records what became of them. Nothing here waits on Kafka.
 * <p>
 * Why a claim neither skips nor reorders an aggregate's events:
 * <ul>
 * <li>It claims every row that is still unpublished instead of advancing a watermark, so a row
 * whose transaction committed late is claimed by the next batch.</li>
 * <li>{@link Outbox#append} draws an aggregate's positions in commit order, and the claim reads in
 * position order.</li>
 * <li>It never takes a row behind an earlier row of its aggregate that is parked, leased to another
 * relay, or waiting out its retry delay, and it drops every aggregate with an earlier row still
 * pending outside the batch (say, locked by a concurrent claim): see {@link #CLAIM_TEMPLATE}.</li>
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

	/**
	 * The claim, one statement and so one short transaction: take up to a batch of claimable rows in
	 * position order ({@code candidate}), drop every aggregate that still has an earlier row pending
	 * outside them ({@code overtaking}), and lease the rest to this relay.
	 * <ul>
	 * <li>A row is claimable when it is pending, not parked, not leased (or its lease ran out), not
	 * behind a <em>held</em> row of its aggregate, and its aggregate's bucket lock is free. A row is
	 * held when it is pending and either parked or its lease (a relay's, or a refused row's retry
	 * delay) has not run out. The probe for held rows runs on the
	 * {@code outbox_event_pending_by_aggregate} index: no index mentions the lease columns, so that
	 * writing a lease is a HOT update (migration V5).</li>
	 * <li>An aggregate's earlier pending row can lie outside the candidates though not held: locked by
	 * a concurrent claim that {@code SKIP LOCKED} passed over, say. An aggregate's earlier rows always
	 * committed before its later ones were written, so the statement's snapshot sees every earlier
	 * row of a candidate that is not yet published, and {@code overtaking} leaves that aggregate for a
	 * later batch. It is computed once ({@code MATERIALIZED}); inlined into the {@code NOT EXISTS} it
	 * would run again for every candidate. Its probe is a scalar subquery, which PostgreSQL runs per
	 * aggregate on the {@code (aggregate_id, position)} index; written as {@code EXISTS} it became a
	 * join that, with statistics older than a large backlog, scanned every pending row per
	 * aggregate.</li>
	 * </ul>
	 */
	private static final String CLAIM_TEMPLATE = """
			WITH candidate AS (
			  SELECT position, aggregate_type, aggregate_id
			  FROM outbox_event claimable
			  WHERE published_at IS NULL AND parked_at IS NULL
			    AND (lease_until IS NULL OR lease_until < clock_timestamp())
			    AND NOT EXISTS (SELECT 1 FROM outbox_event held
			                    WHERE held.aggregate_id = claimable.aggregate_id AND held.position < claimable.position
			                      AND held.aggregate_type = claimable.aggregate_type
			                      AND held.published_at IS NULL
			                      AND (held.parked_at IS NOT NULL OR held.lease_until >= clock_timestamp()))
			    AND %s
			  ORDER BY position
			  LIMIT %d
			  FOR UPDATE SKIP LOCKED
			), overtaking AS MATERIALIZED (
			  SELECT first.aggregate_type, first.aggregate_id
			  FROM (SELECT aggregate_type, aggregate_id, min(position) AS first_position
			        FROM candidate GROUP BY aggregate_type, aggregate_id) first
			  WHERE (SELECT min(earlier.position) FROM outbox_event earlier
			         WHERE earlier.published_at IS NULL AND earlier.aggregate_id = first.aggregate_id
			           AND earlier.aggregate_type = first.aggregate_type) < first.first_position
			)
			UPDATE outbox_event leased
			SET lease_owner = ?, lease_until = clock_timestamp() + ?::interval
			FROM candidate
			WHERE leased.position = candidate.position
			  AND NOT EXISTS (SELECT 1 FROM overtaking
			                  WHERE overtaking.aggregate_type = candidate.aggregate_type
			                    AND overtaking.aggregate_id = candidate.aggregate_id)
			RETURNING leased.position, leased.event_id, leased.topic, leased.aggregate_type, leased.aggregate_id,
			          leased.event_type, leased.schema_version, leased.traceparent, leased.envelope
			""";

	/**
	 * Ends a settlement: while claimable rows are left, tells the other relays of this schema, by the
	 * channel the outbox's trigger uses, with this relay's name as the payload. A claim that leased
	 * fewer rows than a batch because another relay's concurrent claim or leases held the rest sends the
	 * relay to wait for a notification; the other relay's settlement, which frees those rows, commits
	 * nothing to the outbox and would otherwise wake nobody until the fallback poll. The probe reads the
	 * first entry of the {@code outbox_event_claimable} index; with nothing left, nothing is sent.
	 */
	private static final String NOTIFY_OTHERS = """
			SELECT pg_notify('outbox_' || current_schema(), ?)
			FROM (SELECT 1 FROM outbox_event WHERE published_at IS NULL AND parked_at IS NULL LIMIT 1) left_over
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

	/** {@link #CLAIM_TEMPLATE} with the batch size and the bucket mask written in. */
	private final String claim;

	/**
	 * @param jdbc the service's data source
	 * @param transactions transactions of a plain JDBC transaction manager on that data source
	 * @param settings the relay's settings
	 */
	RelayStore(JdbcTemplate jdbc, TransactionTemplate transactions, MessagingProperties.Relay settings) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.settings = settings;
		this.claim = CLAIM_TEMPLATE.formatted(
				BUCKET_LOCK.replace("& ?", "& " + (settings.orderingBuckets() - 1)), settings.batchSize());
	}

	/**
	 * Claims up to a batch of rows for one relay and leases them to it, in one statement (its own
	 * short transaction: the bucket locks are gone when it returns).
	 * @param owner the claiming relay, must not be {@literal null}
	 * @return the claimed rows in position order, never {@literal null}
	 */
	List<PendingEvent> claim(String owner) {
		List<PendingEvent> claimed = new ArrayList<>(jdbc.query(plannedEachTime(claim, statement -> {
			statement.setString(1, owner);
			statement.setString(2, settings.lease().toMillis() + " milliseconds");
		}), RelayStore::pendingEvent));
		claimed.sort(Comparator.comparingLong(PendingEvent::position));
		return claimed;
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
				jdbc.update(plannedEachTime(PUBLISHED, ps -> ps.setArray(1,
						positions(ps.getConnection(), outcome.published().stream().map(PendingEvent::position).toList()))));
			}
			for (RelayBatch.Failed failed : outcome.unavailable()) {
				jdbc.update(plannedEachTime(UNAVAILABLE, ps -> {
					ps.setString(1, failed.failure().message());
					ps.setLong(2, failed.event().position());
					ps.setString(3, owner);
				}));
			}
			int parkedNow = 0;
			for (RelayBatch.Failed failed : outcome.refused()) {
				List<Boolean> result = jdbc.query(plannedEachTime(REFUSED, ps -> {
					ps.setString(1, failed.failure().message());
					ps.setLong(2, settings.initialBackoff().toMillis());
					ps.setLong(3, settings.maxBackoff().toMillis());
					ps.setInt(4, settings.parkAfter());
					ps.setLong(5, failed.event().position());
					ps.setString(6, owner);
				}), (rs, row) -> rs.getBoolean("parked"));
				if (result.contains(Boolean.TRUE)) {
					parkedNow++;
					log.error("Parked outbox row {} ({} {} of {} {}) after {} refusals: {}", failed.event().position(),
							failed.event().eventType(), failed.event().eventId(), failed.event().aggregateType(),
							failed.event().aggregateId(), settings.parkAfter(), failed.failure().message());
				}
			}
			if (!outcome.unsent().isEmpty()) {
				jdbc.update(plannedEachTime(RELEASE, ps -> {
					ps.setArray(1,
							positions(ps.getConnection(), outcome.unsent().stream().map(PendingEvent::position).toList()));
					ps.setString(2, owner);
				}));
			}
			if (outcome.claimed() > 0) {
				jdbc.query(plannedEachTime(NOTIFY_OTHERS, ps -> ps.setString(1, owner)), (ResultSet rs) -> null);
			}
			return parkedNow;
		});
		return parked == null ? 0 : parked;
	}

	/**
	 * A statement that PostgreSQL plans afresh, with the table's current size, every time it runs.
	 * Prepared on the server (which the JDBC driver does from a statement's fifth execution), it may
	 * run a generic plan made once and kept: one made while the outbox was empty scans the whole table
	 * per candidate row, and a claim took minutes once a backlog arrived. Planning costs about a
	 * millisecond per batch.
	 */
	private static PreparedStatementCreator plannedEachTime(String sql, PreparedStatementSetter parameters) {
		return connection -> {
			PreparedStatement statement = connection.prepareStatement(sql);
			statement.unwrap(PGStatement.class).setPrepareThreshold(0);
			parameters.setValues(statement);
			return statement;
		};
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
