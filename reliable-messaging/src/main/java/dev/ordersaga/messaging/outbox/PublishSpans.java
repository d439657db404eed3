package dev.ordersaga.messaging.outbox;

import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * The relay's span per published event: a producer span that is a child of the transaction that
 * wrote the outbox row (its stored traceparent), whose own context travels in the Kafka headers, so
 * each consumer's span is a child of the publish.
 */
interface PublishSpans {

	/** No spans: the row's own traceparent goes into the headers unchanged. */
	PublishSpans NONE = (event, headers) -> {
		if (event.traceparent() != null) {
			headers.accept("traceparent", event.traceparent());
		}
		return error -> {
		};
	};

	/**
	 * Starts the publish span of an event and writes its context as headers.
	 * @param event the event about to be sent, must not be {@literal null}
	 * @param headers takes each propagation header (name, value) of the span, must not be {@literal null}
	 * @return the span, to be ended once Kafka has answered
	 */
	Publish start(PendingEvent event, BiConsumer<String, String> headers);

	/** One started publish span. */
	@FunctionalInterface
	interface Publish {

		/** @param error why Kafka did not take the event, or {@literal null} when it did */
		void end(@Nullable Throwable error);
	}
}
