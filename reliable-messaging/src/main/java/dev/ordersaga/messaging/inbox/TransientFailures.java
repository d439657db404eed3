package dev.ordersaga.messaging.inbox;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

import org.apache.kafka.common.errors.RetriableException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure that goes away by itself (the database or the broker is unreachable or
 * overloaded, a pool timed out, a transaction lost a serialization race or a deadlock) from one
 * that does not. A handler that failed transiently is retried until it succeeds; any other
 * failure is retried a few times and then dead-lettered.
 * <p>
 * The whole cause chain counts: Spring and the pool wrap the driver's exception once or twice
 * ({@code CannotCreateTransactionException} → Hikari's {@code SQLTransientConnectionException} →
 * {@code PSQLException}), and so does the exception a {@code TransactionSystemException} reports
 * as its application exception (when the connection broke during a transaction, the rollback
 * fails too, with a "Connection is closed" that carries no SQLState, and hides the driver's
 * connection failure).
 */
public final class TransientFailures {

	private TransientFailures() {
	}

	/**
	 * @param failure what a handler threw, may be {@literal null}
	 * @return whether it, or any of its causes, is transient; {@code false} for {@literal null}
	 */
	public static boolean isTransient(@Nullable Throwable failure) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Deque<Throwable> toSee = new ArrayDeque<>();
		if (failure != null) {
			toSee.add(failure);
		}
		while (!toSee.isEmpty()) {
			Throwable current = toSee.poll();
			if (!seen.add(current)) {
				continue;
			}
			if (isTransientItself(current)) {
				return true;
			}
			if (current.getCause() != null) {
				toSee.add(current.getCause());
			}
			// A rollback that failed on the broken connection hides the handler's own exception here.
			if (current instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
				toSee.add(rollback.getApplicationException());
			}
		}
		return false;
	}

	private static boolean isTransientItself(Throwable failure) {
		return failure instanceof TransientDataAccessException // incl. ConcurrencyFailureException, QueryTimeoutException
				|| failure instanceof DataAccessResourceFailureException // incl. CannotGetJdbcConnectionException
				|| failure instanceof CannotCreateTransactionException
				|| failure instanceof SQLTransientException // incl. Hikari's SQLTransientConnectionException
				|| failure instanceof SQLRecoverableException
				|| failure instanceof RetriableException // Kafka's
				|| (failure instanceof SQLException sql && isTransientSqlState(sql.getSQLState()));
	}

	/**
	 * @param sqlState a SQLState as PostgreSQL reports it, may be {@literal null}
	 * @return whether it names a condition that passes: class 08 (connection exception), class 53
	 * (insufficient resources), 57P01/57P02/57P03 (the server shuts down, crashed, or cannot accept
	 * connections yet), 40001 (serialization failure), 40P01 (deadlock detected)
	 */
	static boolean isTransientSqlState(@Nullable String sqlState) {
		if (sqlState == null || sqlState.length() != 5) {
			return false;
		}
		return sqlState.startsWith("08") || sqlState.startsWith("53")
				|| Set.of("57P01", "57P02", "57P03", "40001", "40P01").contains(sqlState);
	}
}
