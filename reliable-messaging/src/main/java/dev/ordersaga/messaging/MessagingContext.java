package dev.ordersaga.messaging;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The correlation id and causation id of the work the current thread does: set from an incoming
 * HTTP request or a handled event, read by {@link dev.ordersaga.messaging.outbox.Outbox} when it
 * appends an event, and put into the logging MDC as {@code correlationId}.
 */
public final class MessagingContext {

	/** The HTTP header that carries the correlation id in and out of a service. */
	public static final String CORRELATION_HEADER = "X-Correlation-Id";

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
		Scope scope = new Scope(correlationId, causationId, CURRENT.get());
		CURRENT.set(scope);
		MDC.put("correlationId", correlationId);
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

		private final @Nullable Scope previous;

		private Scope(String correlationId, @Nullable UUID causationId, @Nullable Scope previous) {
			this.correlationId = correlationId;
			this.causationId = causationId;
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
				MDC.remove("correlationId");
			}
			else {
				CURRENT.set(previous);
				MDC.put("correlationId", previous.correlationId);
			}
		}
	}
}
