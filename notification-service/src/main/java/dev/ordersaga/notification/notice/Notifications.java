package dev.ordersaga.notification.notice;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The notifications owed and sent, and the refunds seen. */
@Repository
public class Notifications {

	private static final String COLUMNS = """
			id, order_id, customer_id, kind, recipient, amount, currency, reason, refunded_amount, message_id,
			status, attempts, last_error, send_after, created_at, sent_at, correlation_id, causation_id
			""";

	private final JdbcClient jdbc;

	Notifications(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The Message-ID of the e-mail for (order, kind): the same for every attempt and every resend. */
	static String messageId(UUID orderId, Notification.Kind kind, String domain) {
		return "<" + orderId + "." + kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + "@" + domain + ">";
	}

	/**
	 * Serialises the handlers of one order's events (they arrive on different topics, in different
	 * consumer threads) until the transaction ends.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void lockOrder(UUID orderId) {
		jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(?)")
			.param(orderId.getMostSignificantBits() ^ orderId.getLeastSignificantBits())
			.query(Integer.class)
			.single();
	}

	/**
	 * Records a notification unless one of its kind exists for the order.
	 *
	 * @return {@literal true} if it was recorded
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean record(UUID orderId, UUID customerId, Notification.Kind kind, BigDecimal amount, String currency,
			@Nullable String reason, @Nullable BigDecimal refundedAmount, Duration delay, String messageIdDomain,
			String correlationId, @Nullable UUID causationId) {
		return jdbc.sql("""
				INSERT INTO notification (id, order_id, customer_id, kind, amount, currency, reason, refunded_amount,
				    message_id, status, send_after, created_at, correlation_id, causation_id)
				VALUES (:id, :orderId, :customerId, :kind, :amount, :currency, :reason, :refunded, :messageId, 'PENDING',
				    now() + make_interval(secs => :delay), now(), :correlationId, :causationId)
				ON CONFLICT (order_id, kind) DO NOTHING
				""")
			.param("id", UUID.randomUUID())
			.param("orderId", orderId)
			.param("customerId", customerId)
			.param("kind", kind.name())
			.param("amount", amount)
			.param("currency", currency)
			.param("reason", reason)
			.param("refunded", refundedAmount)
			.param("messageId", messageId(orderId, kind, messageIdDomain))
			.param("delay", delay.toMillis() / 1000.0)
			.param("correlationId", correlationId)
			.param("causationId", causationId)
			.update() == 1;
	}

	/**
	 * Locks the order's cancellation notice until the transaction ends; waits while a dispatcher is
	 * sending it, so the status read is the one that holds.
	 *
	 * @return its status, empty when the order has none yet
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<Notification.Status> lockCancellationNotice(UUID orderId) {
		return jdbc.sql("""
				SELECT status FROM notification WHERE order_id = ? AND kind = 'ORDER_CANCELLATION' FOR UPDATE
				""")
			.param(orderId)
			.query((rs, row) -> Notification.Status.valueOf(rs.getString("status")))
			.optional();
	}

	/** Puts a refund into the order's pending cancellation notice (locked by the caller) and makes it due now. */
	@Transactional(propagation = Propagation.MANDATORY)
	void joinRefund(UUID orderId, BigDecimal refundedAmount) {
		jdbc.sql("""
				UPDATE notification SET refunded_amount = :refunded, send_after = LEAST(send_after, now())
				WHERE order_id = :orderId AND kind = 'ORDER_CANCELLATION'
				""")
			.param("refunded", refundedAmount)
			.param("orderId", orderId)
			.update();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void recordRefund(UUID orderId, BigDecimal amount, String currency, String reason, Instant occurredAt) {
		jdbc.sql("""
				INSERT INTO order_refund (order_id, amount, currency, reason, occurred_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING
				""")
			.params(orderId, amount, currency, reason, java.sql.Timestamp.from(occurredAt))
			.update();
	}

	Optional<BigDecimal> refundOf(UUID orderId) {
		return jdbc.sql("SELECT amount FROM order_refund WHERE order_id = ?").param(orderId).query(BigDecimal.class)
			.optional();
	}

	/** An order's notifications, oldest first. */
	public List<Notification> forOrder(UUID orderId) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM notification WHERE order_id = ? ORDER BY created_at, kind")
			.param(orderId)
			.query(Notifications::notification)
			.list();
	}

	/** Locks up to {@code limit} due notifications that no other dispatcher holds. */
	@Transactional(propagation = Propagation.MANDATORY)
	List<Notification> claimDue(int limit) {
		return jdbc.sql("SELECT " + COLUMNS + """
				FROM notification WHERE status = 'PENDING' AND send_after <= now()
				ORDER BY send_after LIMIT ? FOR UPDATE SKIP LOCKED
				""")
			.param(limit)
			.query(Notifications::notification)
			.list();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void markSent(UUID id, String recipient) {
		jdbc.sql("UPDATE notification SET status = 'SENT', recipient = ?, sent_at = now(), last_error = NULL WHERE id = ?")
			.params(recipient, id)
			.update();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void markFailed(UUID id, String error, Duration backoff) {
		jdbc.sql("""
				UPDATE notification SET attempts = attempts + 1, last_error = :error,
				    send_after = now() + make_interval(secs => :backoff)
				WHERE id = :id
				""")
			.param("error", error.length() > 1000 ? error.substring(0, 1000) : error)
			.param("backoff", backoff.toMillis() / 1000.0)
			.param("id", id)
			.update();
	}

	/** Notifications not sent yet, due or not. */
	public long pending() {
		return jdbc.sql("SELECT count(*) FROM notification WHERE status = 'PENDING'").query(Long.class).single();
	}

	private static Notification notification(ResultSet rs, int row) throws SQLException {
		return new Notification(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
				rs.getObject("customer_id", UUID.class), Notification.Kind.valueOf(rs.getString("kind")),
				rs.getString("recipient"), rs.getBigDecimal("amount"), rs.getString("currency"), rs.getString("reason"),
				rs.getBigDecimal("refunded_amount"), rs.getString("message_id"),
				Notification.Status.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getString("last_error"),
				rs.getTimestamp("send_after").toInstant(), rs.getTimestamp("created_at").toInstant(),
				instant(rs.getTimestamp("sent_at")), rs.getString("correlation_id"),
				rs.getObject("causation_id", UUID.class));
	}

	private static @Nullable Instant instant(java.sql.@Nullable Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}
}
