package dev.ordersaga.messaging;

import org.jspecify.annotations.Nullable;

/**
 * Supplies the W3C {@code traceparent} of the current span, so an appended event carries the
 * trace of the request or handler that caused it. Backed by Micrometer Tracing when it is present.
 */
@FunctionalInterface
public interface TraceparentSource {

	/** A source for applications without tracing. */
	TraceparentSource NONE = () -> null;

	/** @return the current span's traceparent, or {@literal null} when there is none */
	@Nullable String currentTraceparent();
}
