package dev.ordersaga.messaging.outbox;

import java.util.Map;
import java.util.function.BiConsumer;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;

/**
 * {@link PublishSpans} of Micrometer Tracing: the application's own tracer, propagator and sampling.
 * Without a tracer or a propagator bean the row's traceparent goes out unchanged.
 */
final class TracerPublishSpans implements PublishSpans {

	private final ObjectProvider<Tracer> tracers;

	private final ObjectProvider<Propagator> propagators;

	TracerPublishSpans(ObjectProvider<Tracer> tracers, ObjectProvider<Propagator> propagators) {
		this.tracers = tracers;
		this.propagators = propagators;
	}

	@Override
	public Publish start(PendingEvent event, BiConsumer<String, String> headers) {
		Tracer tracer = tracers.getIfAvailable();
		Propagator propagator = propagators.getIfAvailable();
		if (tracer == null || propagator == null) {
			return NONE.start(event, headers);
		}
		// The parent is the row's traceparent, not whatever span the relay's thread has: the relay
		// publishes long after, and on behalf of, the transaction that wrote the row. A row without
		// one (written outside any trace, e.g. by a scheduled job) starts a trace of its own.
		Map<String, String> stored = event.traceparent() != null ? Map.of("traceparent", event.traceparent())
				: Map.of();
		Span span = propagator.extract(stored, (carrier, key) -> carrier.get(key))
			.name(event.topic() + " publish")
			.kind(Span.Kind.PRODUCER)
			// As Spring Kafka names the broker in its consumers' spans: one Kafka in Zipkin's dependency graph.
			.remoteServiceName("Apache Kafka")
			.tag("messaging.system", "kafka")
			.tag("messaging.operation", "publish")
			.tag("messaging.destination.name", event.topic())
			.tag("messaging.kafka.message.key", event.aggregateId())
			.tag("messaging.message.id", event.eventId().toString())
			.tag("event.type", event.eventType())
			.start();
		propagator.inject(span.context(), headers, BiConsumer::accept);
		return error -> {
			if (error != null) {
				span.error(error);
			}
			span.end();
		};
	}
}
