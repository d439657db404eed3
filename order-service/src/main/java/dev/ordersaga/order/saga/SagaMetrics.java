package dev.ordersaga.order.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The saga's business meters: orders placed, confirmed and cancelled (by reason), and how long an
 * order took from placed to its outcome ({@value #DURATION}, a histogram with the service levels'
 * buckets, tagged with the outcome). {@link OrderManagement} reports a transition once the order has
 * decided it; the meter moves only when the transaction commits, so an inbox batch that is rolled back
 * and applied again counts each order once. Every meter exists from the start, at zero.
 */
@Component
class SagaMetrics {

	static final String PLACED = "orders.placed";

	static final String CONFIRMED = "orders.confirmed";

	static final String CANCELLED = "orders.cancelled";

	static final String DURATION = "orders.saga.duration";

	/** What the saga promises: most orders decided within a second, nearly all before a few seconds. */
	static final Duration[] SERVICE_LEVELS = { Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(30) };

	private final Counter placed;

	private final Counter confirmed;

	private final Map<Order.CancellationReason, Counter> cancelled = new EnumMap<>(Order.CancellationReason.class);

	private final Timer confirmedIn;

	private final Timer cancelledIn;

	SagaMetrics(MeterRegistry meters) {
		this.placed = Counter.builder(PLACED).description("Orders placed (accepted, not refused)").register(meters);
		this.confirmed = Counter.builder(CONFIRMED).description("Orders confirmed").register(meters);
		for (Order.CancellationReason reason : Order.CancellationReason.values()) {
			cancelled.put(reason, Counter.builder(CANCELLED)
				.description("Orders cancelled, by reason")
				.tag("reason", reason.name())
				.register(meters));
		}
		this.confirmedIn = duration("confirmed", meters);
		this.cancelledIn = duration("cancelled", meters);
	}

	private static Timer duration(String outcome, MeterRegistry meters) {
		return Timer.builder(DURATION)
			.description("Time from an order's placement to its outcome")
			.tag("outcome", outcome)
			.serviceLevelObjectives(SERVICE_LEVELS)
			.register(meters);
	}

	void placed() {
		onCommit(placed::increment);
	}

	void confirmed(Order order) {
		Duration took = since(order);
		onCommit(() -> {
			confirmed.increment();
			confirmedIn.record(took);
		});
	}

	void cancelled(Order order, Order.CancellationReason reason) {
		Duration took = since(order);
		onCommit(() -> {
			cancelled.get(reason).increment();
			cancelledIn.record(took);
		});
	}

	private static Duration since(Order order) {
		Duration took = Duration.between(order.placedAt(), Instant.now());
		return took.isNegative() ? Duration.ZERO : took;
	}

	private static void onCommit(Runnable count) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			count.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				count.run();
			}
		});
	}
}
