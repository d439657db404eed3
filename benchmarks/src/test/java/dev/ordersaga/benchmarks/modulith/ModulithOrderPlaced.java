package dev.ordersaga.benchmarks.modulith;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.events.Externalized;

import dev.ordersaga.benchmarks.BenchmarkEvents;
import dev.ordersaga.contracts.order.v2.OrderPlaced;

/**
 * The benchmark's OrderPlaced as a Spring Modulith application would publish it: the same fields as
 * our envelope around the same payload, so the record on Kafka is about as large, externalized to
 * {@value #TOPIC} keyed by the order.
 *
 * @param eventId the event's id, must not be {@literal null}
 * @param eventType always {@code OrderPlaced}
 * @param schemaVersion always 2
 * @param occurredAt when the order was placed, must not be {@literal null}
 * @param producer the producing service, must not be {@literal null}
 * @param aggregateType always {@code Order}
 * @param aggregateId the order's id, the Kafka key, must not be {@literal null}
 * @param correlationId the saga's correlation id, must not be {@literal null}
 * @param causationId always {@literal null}: a request caused it
 * @param traceparent always {@literal null}: no trace
 * @param payload the order, must not be {@literal null}
 */
@Externalized(ModulithOrderPlaced.TOPIC + "::#{aggregateId()}")
public record ModulithOrderPlaced(UUID eventId, String eventType, int schemaVersion, Instant occurredAt,
		String producer, String aggregateType, String aggregateId, String correlationId, @Nullable UUID causationId,
		@Nullable String traceparent, OrderPlaced payload) {

	/** Where Spring Modulith externalizes the event. */
	public static final String TOPIC = "modulith.orders.v1";

	/**
	 * @param orderId the order, must not be {@literal null}
	 * @return a new event for it, never {@literal null}
	 */
	public static ModulithOrderPlaced of(UUID orderId) {
		return new ModulithOrderPlaced(UUID.randomUUID(), "OrderPlaced", 2, Instant.now(), BenchmarkEvents.PRODUCER,
				"Order", orderId.toString(), UUID.randomUUID().toString(), null, null,
				BenchmarkEvents.orderPlaced(orderId));
	}
}
