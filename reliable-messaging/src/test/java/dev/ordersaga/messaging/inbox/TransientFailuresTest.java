package dev.ordersaga.messaging.inbox;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;

import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import dev.ordersaga.contracts.MalformedEventException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {

	@Test
	void poolTimeoutWrappedByTheTransactionManagerAndTheContainerIsTransient() {
		var refused = new PSQLException("Connection to 127.0.0.1:5432 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
				new ConnectException("Connection refused"));
		var poolTimeout = new SQLTransientConnectionException("HikariPool-1 - Connection is not available", refused);
		var noTransaction = new CannotCreateTransactionException("Could not open JDBC Connection", poolTimeout);

		assertThat(TransientFailures.isTransient(
				new ListenerExecutionFailedException("Listener failed", noTransaction))).isTrue();
	}

	@Test
	void springsConnectionAndResourceFailuresAreTransient() {
		assertThat(TransientFailures.isTransient(new CannotGetJdbcConnectionException("no connection"))).isTrue();
		assertThat(TransientFailures.isTransient(new DataAccessResourceFailureException("I/O error"))).isTrue();
		assertThat(TransientFailures.isTransient(new CannotCreateTransactionException("no connection"))).isTrue();
	}

	@Test
	void springsTransientDataAccessExceptionsAreTransient() {
		assertThat(TransientFailures.isTransient(new ConcurrencyFailureException("lost a race"))).isTrue();
		assertThat(TransientFailures.isTransient(new CannotAcquireLockException("lock timeout"))).isTrue();
		assertThat(TransientFailures.isTransient(new QueryTimeoutException("statement timeout"))).isTrue();
	}

	@Test
	void jdbcTransientAndRecoverableExceptionsAreTransient() {
		assertThat(TransientFailures.isTransient(new SQLTransientException("try again"))).isTrue();
		assertThat(TransientFailures.isTransient(new SQLTransientConnectionException("pool timeout"))).isTrue();
		assertThat(TransientFailures.isTransient(new SQLRecoverableException("reconnect"))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "08001", "08006", "08003", "53300", "53100", "57P01", "57P02", "57P03", "40001", "40P01" })
	void postgresConnectionResourceShutdownSerializationAndDeadlockStatesAreTransient(String sqlState) {
		var failure = new RuntimeException("handler failed", new SQLException("PostgreSQL says " + sqlState, sqlState));

		assertThat(TransientFailures.isTransient(failure)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "23505", "23502", "42P01", "22003", "57014", "XX000" })
	void otherPostgresStatesArePermanent(String sqlState) {
		var failure = new RuntimeException("handler failed", new SQLException("PostgreSQL says " + sqlState, sqlState));

		assertThat(TransientFailures.isTransient(failure)).isFalse();
	}

	@Test
	void kafkasRetriableExceptionsAreTransient() {
		assertThat(TransientFailures.isTransient(new TimeoutException("no broker"))).isTrue();
		assertThat(TransientFailures.isTransient(new RuntimeException(new NotEnoughReplicasException("ISR")))).isTrue();
	}

	@Test
	void connectionFailureHiddenBehindAFailedRollbackIsTransient() {
		var brokenPipe = new PSQLException("An I/O error occurred while sending to the backend.",
				PSQLState.CONNECTION_FAILURE);
		var rollbackFailed = new TransactionSystemException("Could not roll back JDBC transaction",
				new SQLException("Connection is closed"));
		rollbackFailed.initApplicationException(new DataAccessResourceFailureException("INSERT failed", brokenPipe));

		assertThat(TransientFailures.isTransient(rollbackFailed)).isTrue();
	}

	@Test
	void bugsBrokenInvariantsAndInvalidEventsArePermanent() {
		assertThat(TransientFailures.isTransient(new IllegalStateException("handler bug"))).isFalse();
		assertThat(TransientFailures.isTransient(new DataIntegrityViolationException("duplicate key",
				new SQLException("duplicate key", "23505")))).isFalse();
		assertThat(TransientFailures.isTransient(new MalformedEventException("{not json"))).isFalse();
		assertThat(TransientFailures.isTransient(null)).isFalse();
	}

	@Test
	void causeCyclesEndTheWalk() {
		var first = new IllegalStateException("first");
		var second = new IllegalArgumentException("second", first);
		first.initCause(second);

		assertThat(TransientFailures.isTransient(first)).isFalse();
	}
}
