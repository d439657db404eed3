package dev.ordersaga.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import dev.ordersaga.messaging.MessagingSchemaMigration;
import dev.ordersaga.testsupport.ServiceDatabase;

/**
 * Ceiling (b): how many outbox INSERTs PostgreSQL commits per second, one INSERT per transaction,
 * on N connections, with no Kafka anywhere. The table is the library's own, built by its own
 * migrations in a schema nobody relays, so its indexes and its NOTIFY trigger cost what they cost
 * our services.
 */
final class PostgresCeiling {

	/** The statement {@code Outbox.append} runs (without its advisory lock). */
	private static final String INSERT = """
			INSERT INTO outbox_event (position, event_id, topic, aggregate_type, aggregate_id, event_type,
			                          schema_version, traceparent, envelope)
			VALUES (nextval('outbox_event_position'), ?, 'orders.v1', 'Order', ?, 'OrderPlaced', 2, NULL, ?)
			""";

	private final ServiceDatabase database;

	private final String envelope;

	private PostgresCeiling(ServiceDatabase database, String envelope) {
		this.database = database;
		this.envelope = envelope;
	}

	/**
	 * Creates the outbox table in the database's schema with the library's migrations.
	 * @param database a schema of its own, must not be {@literal null}
	 * @param envelope the JSON every row stores, must not be {@literal null}
	 */
	static PostgresCeiling prepare(ServiceDatabase database, String envelope) {
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.migrationUsername(), database.migrationPassword())
			.schemas(database.schema())
			.locations(MessagingSchemaMigration.LOCATION)
			.table(MessagingSchemaMigration.HISTORY_TABLE)
			.load()
			.migrate();
		return new PostgresCeiling(database, envelope);
	}

	/**
	 * Commits single-INSERT transactions on every connection for the given time.
	 * @return commits per second over all connections
	 */
	double commitsPerSecond(int connections, Duration duration) {
		execute("TRUNCATE outbox_event");
		AtomicLong commits = new AtomicLong();
		AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
		CyclicBarrier start = new CyclicBarrier(connections + 1);
		AtomicLong startedAt = new AtomicLong();
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < connections; c++) {
			Thread thread = new Thread(() -> {
				try (Connection connection = connect(); PreparedStatement insert = connection.prepareStatement(INSERT)) {
					connection.setAutoCommit(true);
					start.await();
					long deadline = startedAt.get() + duration.toNanos();
					long done = 0;
					while (System.nanoTime() < deadline) {
						insert.setObject(1, UUID.randomUUID());
						insert.setString(2, UUID.randomUUID().toString());
						insert.setString(3, envelope);
						insert.executeUpdate();
						done++;
					}
					commits.addAndGet(done);
				}
				catch (Exception ex) {
					failure.compareAndSet(null, ex);
				}
			}, "postgres-ceiling-" + c);
			thread.start();
			threads.add(thread);
		}
		try {
			startedAt.set(System.nanoTime());
			start.await();
			for (Thread thread : threads) {
				thread.join();
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("The PostgreSQL ceiling was interrupted", ex);
		}
		double seconds = (System.nanoTime() - startedAt.get()) / 1e9;
		Exception failed = failure.get();
		if (failed != null) {
			throw new IllegalStateException("The PostgreSQL ceiling failed", failed);
		}
		return commits.get() / seconds;
	}

	/** Drops the NOTIFY trigger, to see what waking the relay costs the committing services. */
	void dropNotifyTrigger() {
		execute("DROP TRIGGER IF EXISTS outbox_event_inserted ON outbox_event");
	}

	private void execute(String sql) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Failed: " + sql, ex);
		}
	}

	private Connection connect() throws SQLException {
		// The schema's owner: the ceiling also truncates the table and drops its trigger.
		return DriverManager.getConnection(database.jdbcUrl() + "?currentSchema=" + database.schema(),
				database.migrationUsername(), database.migrationPassword());
	}
}
