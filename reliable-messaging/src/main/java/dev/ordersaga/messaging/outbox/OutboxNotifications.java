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
 * schema, and this class LISTENs on it over a connection of its own. A relay's settlement NOTIFYs the
 * same channel, with the relay's name, while rows are left for other relays.
 * <p>
 * A LISTEN connection can die without a word (a half-open TCP connection after a network fault or
 * a database failover): waiting on it then simply times out, and the relay would silently fall
 * back to polling for good. So whenever a wait times out, a probe ({@code SELECT 1}, bounded by a
 * network timeout) checks the connection, and a dead one is replaced at once. While no connection
 * can be had, the relay polls.
 */
final class OutboxNotifications implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(OutboxNotifications.class);

	private static final int WAIT_SLICE_MILLIS = 1_000;

	private final Callable<Connection> connector;

	private final String channel;

	private final Duration probeTimeout;

	private @Nullable Connection connection;

	/**
	 * @param connector opens the LISTEN connection, must not be {@literal null}
	 * @param schema the service's schema, whose channel is listened on, must not be {@literal null}
	 * @param probeTimeout how long a probe of the connection may take before it counts as dead
	 */
	OutboxNotifications(Callable<Connection> connector, String schema, Duration probeTimeout) {
		this.connector = connector;
		this.channel = "outbox_" + schema;
		this.probeTimeout = probeTimeout;
	}

	/** Why the relay woke up. */
	enum WakeUp {

		/** A commit notification arrived. */
		NOTIFIED,

		/** The poll interval passed without one. */
		POLL;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}
	}

	/**
	 * Issues LISTEN now, if it is not yet issued, so that no commit after this call goes unnoticed.
	 * @return whether the connection listens
	 */
	boolean listen() {
		try {
			listening();
			return true;
		}
		catch (SQLException ex) {
			log.warn("Outbox notifications on channel {} unavailable, polling until they are back: {}", channel,
					ex.getMessage());
			close();
			return false;
		}
	}

	/**
	 * Waits until a commit notification arrives or the timeout passes; after a timeout, probes the
	 * connection and replaces it when it is dead.
	 * @return why the wait ended, never {@literal null}
	 */
	WakeUp await(Duration timeout) throws InterruptedException {
		return await(timeout, null);
	}

	/**
	 * Waits as {@link #await(Duration)} does, but a notification whose payload is {@code ownPayload}
	 * does not end the wait: a relay's own settlement (see {@link RelayStore#settle}) is news for the
	 * other relays only.
	 * @param ownPayload the payload this relay's settlements send, {@literal null} to take every one
	 * @return why the wait ended, never {@literal null}
	 */
	WakeUp await(Duration timeout, @Nullable String ownPayload) throws InterruptedException {
		try {
			PGConnection listening = listening();
			long deadline = System.nanoTime() + timeout.toNanos();
			// In slices of at most a second: an interrupt does not end a socket read, and the relay's
			// stop must not wait for a long poll interval to pass.
			for (long left = timeout.toMillis(); left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
				PGNotification[] notifications = listening.getNotifications((int) Math.min(left, WAIT_SLICE_MILLIS));
				if (notifications != null) {
					for (PGNotification notification : notifications) {
						if (ownPayload == null || !ownPayload.equals(notification.getParameter())) {
							return WakeUp.NOTIFIED;
						}
					}
				}
				if (Thread.interrupted()) {
					throw new InterruptedException("Stopped while waiting for outbox notifications");
				}
			}
			probe();
			return WakeUp.POLL;
		}
		catch (SQLException ex) {
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedException("Stopped while waiting for outbox notifications");
			}
			log.warn("Outbox notifications on channel {} lost ({}); listening again", channel, ex.getMessage());
			close();
			if (!listen()) {
				TimeUnit.MILLISECONDS.sleep(timeout.toMillis());
			}
			return WakeUp.POLL;
		}
	}

	private void probe() throws SQLException {
		Connection current = connection;
		if (current == null) {
			return;
		}
		try (Statement statement = current.createStatement()) {
			statement.execute("SELECT 1");
		}
	}

	private PGConnection listening() throws SQLException {
		Connection current = connection;
		if (current == null || current.isClosed()) {
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
			try {
				fresh.setAutoCommit(true);
				// Bounds every read on this connection, the probe's included: a dead peer cannot hold it.
				fresh.setNetworkTimeout(Runnable::run, (int) Math.max(1, probeTimeout.toMillis()));
				try (Statement statement = fresh.createStatement()) {
					statement.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
				}
			}
			catch (SQLException ex) {
				closeQuietly(fresh);
				throw ex;
			}
			connection = fresh;
			current = fresh;
			log.debug("Listening for outbox commits on channel {}", channel);
		}
		return current.unwrap(PGConnection.class);
	}

	@Override
	public void close() {
		Connection current = connection;
		connection = null;
		if (current != null) {
			closeQuietly(current);
		}
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			log.debug("Closing the LISTEN connection failed", ex);
		}
	}
}
