package dev.ordersaga.messaging.outbox;

import java.util.Set;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * Why one row did not reach Kafka.
 *
 * @param message what went wrong, never {@literal null}
 * @param refused whether Kafka refused this very record for good (too large, invalid, not
 * authorised), so retrying it cannot help; otherwise Kafka was unavailable or slow, which retrying
 * cures
 */
record SendFailure(String message, boolean refused) {

	/** Errors that belong to the record, not to the broker's state: the same record fails every time. */
	private static final Set<Class<? extends Throwable>> REFUSALS = Set.of(RecordTooLargeException.class,
			RecordBatchTooLargeException.class, InvalidRecordException.class, InvalidTopicException.class,
			TopicAuthorizationException.class);

	/**
	 * @param failure what the producer reported, must not be {@literal null}
	 * @return the failure, refused when any exception in the cause chain is a refusal, described by
	 * the innermost cause
	 */
	static SendFailure of(Throwable failure) {
		Throwable cause = failure;
		boolean refused = false;
		while (true) {
			Throwable current = cause;
			refused |= REFUSALS.stream().anyMatch(type -> type.isInstance(current));
			if (cause.getCause() == null || cause.getCause() == cause) {
				break;
			}
			cause = cause.getCause();
		}
		return new SendFailure(cause.getClass().getSimpleName() + ": " + cause.getMessage(), refused);
	}

	/** @return a failure for a record whose acknowledgement did not come in time */
	static SendFailure timedOut() {
		return new SendFailure("no acknowledgement from Kafka within the send timeout", false);
	}
}
