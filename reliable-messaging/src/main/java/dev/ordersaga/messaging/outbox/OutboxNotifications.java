package dev.ordersaga.messaging.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the relay when an outbox row commits: the outbox table's trigger NOTIFYs a channel per
 * schema, and this class LISTENs on it over a connection of its own. When that connection fails
 * the relay falls back to polling until it reconnects.
 */
final class OutboxNotifications implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(OutboxNotifications.class);

	private final Callable<Connection> connector;

	private final String channel;

	private @Nullable Connection connection;

	OutboxNotifications(Callable<Connection> connector, String schema) {
		this.connector = connector;
		this.channel = "outbox_" + schema;
	}

	/**
	 * Waits until a commit notification arrives or the timeout passes.
	 * @return {@literal true} when woken by a notification
	 */
	boolean await(Duration timeout) throws InterruptedException {
		try {
			PGConnection listening = listening();
			PGNotification[] notifications = listening.getNotifications((int) Math.max(1, timeout.toMillis()));
			return notifications != null && notifications.length > 0;
		}
		catch (SQLException ex) {
			log.warn("Outbox notifications on channel {} unavailable, polling every {}: {}", channel, timeout,
					ex.getMessage());
			close();
			TimeUnit.MILLISECONDS.sleep(timeout.toMillis());
			return false;
		}
	}

	private PGConnection listening() throws SQLException {
		if (connection == null || connection.isClosed()) {
			Connection fresh;
			try {
				fresh = connector.call();
			}
			catch (SQLException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new SQLException("Cannot open the LISTEN connection", ex);
			}
			fresh.setAutoCommit(true);
			try (Statement statement = fresh.createStatement()) {
				statement.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
			}
			connection = fresh;
			log.debug("Listening for outbox commits on channel {}", channel);
		}
		return connection.unwrap(PGConnection.class);
	}

	@Override
	public void close() {
		Connection current = connection;
		connection = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (SQLException ex) {
				log.debug("Closing the LISTEN connection failed", ex);
			}
		}
	}
}
