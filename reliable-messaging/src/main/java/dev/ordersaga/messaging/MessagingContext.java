package dev.ordersaga.messaging;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The correlation id and causation id of the work the current thread does: set from an incoming
 * HTTP request or a handled event, read by {@link dev.ordersaga.messaging.outbox.Outbox} when it
 * appends an event, and put into the logging MDC as {@code correlationId}; while an event is
 * handled, its id is there as {@code eventId} and, for an order's event, the order's as {@code orderId}
 * (the structured logs carry them; {@code ./suite logs} prints them).
 */
public final class MessagingContext {

	/** The HTTP header that carries the correlation id in and out of a service. */
	public static final String CORRELATION_HEADER = "X-Correlation-Id";

	/** The MDC key of the correlation id. */
	public static final String CORRELATION_ID = "correlationId";

	/** The MDC key of the id of the event being handled. */
	public static final String EVENT_ID = "eventId";

	/** The MDC key of the order the work is about. */
	public static final String ORDER_ID = "orderId";

	private static final Pattern VALID_CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

	private static final ThreadLocal<@Nullable Scope> CURRENT = new ThreadLocal<>();

	private MessagingContext() {
	}

	/**
	 * Opens a scope for the current thread; close it (try-with-resources) when the work ends.
	 * @param correlationId the correlation id, must not be {@literal null}
	 * @param causationId the id of the event being handled, {@literal null} for a request
	 * @return the scope, to be closed on the same thread
	 */
	public static Scope open(String correlationId, @Nullable UUID causationId) {
		return open(correlationId, causationId, null);
	}

	/**
	 * Opens a scope for the current thread, for work on one order; close it (try-with-resources) when
	 * the work ends.
	 * @param correlationId the correlation id, must not be {@literal null}
	 * @param causationId the id of the event being handled, {@literal null} for a request
	 * @param orderId the order the work is about, {@literal null} when unknown or none
	 * @return the scope, to be closed on the same thread
	 */
	public static Scope open(String correlationId, @Nullable UUID causationId, @Nullable String orderId) {
		Scope scope = new Scope(correlationId, causationId, orderId, CURRENT.get());
		CURRENT.set(scope);
		scope.toMdc();
		return scope;
	}

	/** @return the current scope, empty outside a request or handler */
	public static Optional<Scope> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * @param candidate a correlation id received from outside, may be {@literal null}
	 * @return the candidate if it is a sane id, otherwise a new random one
	 */
	public static String sanitize(@Nullable String candidate) {
		return candidate != null && VALID_CORRELATION_ID.matcher(candidate).matches() ? candidate
				: UUID.randomUUID().toString();
	}

	/** One unit of work's correlation and causation; closing it restores the enclosing one. */
	public static final class Scope implements AutoCloseable {

		private final String correlationId;

		private final @Nullable UUID causationId;

		private final @Nullable String orderId;

		private final @Nullable Scope previous;

		private Scope(String correlationId, @Nullable UUID causationId, @Nullable String orderId,
				@Nullable Scope previous) {
			this.correlationId = correlationId;
			this.causationId = causationId;
			this.orderId = orderId;
			this.previous = previous;
		}

		/** @return the correlation id, never {@literal null} */
		public String correlationId() {
			return correlationId;
		}

		/** @return the event this work handles, {@literal null} for a request */
		public @Nullable UUID causationId() {
			return causationId;
		}

		@Override
		public void close() {
			if (previous == null) {
				CURRENT.remove();
				MDC.remove(CORRELATION_ID);
				MDC.remove(EVENT_ID);
				MDC.remove(ORDER_ID);
			}
			else {
				CURRENT.set(previous);
				previous.toMdc();
			}
		}

		private void toMdc() {
			MDC.put(CORRELATION_ID, correlationId);
			put(EVENT_ID, causationId == null ? null : causationId.toString());
			put(ORDER_ID, orderId);
		}

		private static void put(String key, @Nullable String value) {
			if (value == null) {
				MDC.remove(key);
			}
			else {
				MDC.put(key, value);
			}
		}
	}
}
