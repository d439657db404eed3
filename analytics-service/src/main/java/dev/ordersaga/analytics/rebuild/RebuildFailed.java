package dev.ordersaga.analytics.rebuild;

/**
 * A rebuild stopped before it reached the end of the topics (Kafka or the database failed, or the
 * timeout passed). The read models hold what was replayed so far plus what the inbox consumer
 * applied; running the rebuild again completes them. Answered with 503.
 */
public class RebuildFailed extends RuntimeException {

	RebuildFailed(String message, Throwable cause) {
		super(message, cause);
	}
}
