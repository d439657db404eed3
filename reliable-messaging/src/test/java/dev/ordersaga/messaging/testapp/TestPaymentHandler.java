package dev.ordersaga.messaging.testapp;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ordersaga.contracts.order.v1.OrderConfirmed;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.messaging.MessagingContext;
import dev.ordersaga.messaging.inbox.EventMetadata;
import dev.ordersaga.messaging.inbox.IntegrationEventHandler;
import dev.ordersaga.messaging.outbox.Outbox;

/**
 * Handles PaymentCompleted by recording the effect and appending OrderConfirmed. A test can make it
 * fail (a bug) and then fix it, to exercise retries, dead letters and replay.
 */
@Component
public class TestPaymentHandler {

	private static final Logger log = LoggerFactory.getLogger(TestPaymentHandler.class);

	private final JdbcTemplate jdbc;

	private final Outbox outbox;

	private final Tracer tracer;

	private final AtomicBoolean broken = new AtomicBoolean();

	private final Set<UUID> brokenFor = ConcurrentHashMap.newKeySet();

	private final Map<UUID, CountDownLatch> held = new ConcurrentHashMap<>();

	private final Set<UUID> holding = ConcurrentHashMap.newKeySet();

	TestPaymentHandler(JdbcTemplate jdbc, Outbox outbox, Tracer tracer) {
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.tracer = tracer;
	}

	@IntegrationEventHandler
	void on(PaymentCompleted event, EventMetadata metadata) {
		if (broken.get() || brokenFor.contains(event.orderId())) {
			throw new IllegalStateException("handler bug for order " + event.orderId());
		}
		waitIfHeld(event.orderId());
		Span span = tracer.currentSpan();
		jdbc.update("""
				INSERT INTO handled_payment (event_id, order_id, correlation_id, causation_id, trace_id)
				VALUES (?, ?, ?, ?, ?)
				""", metadata.eventId(), event.orderId(),
				MessagingContext.current().orElseThrow().correlationId(),
				MessagingContext.current().orElseThrow().causationId(),
				span == null ? null : span.context().traceId());
		outbox.append(new OrderConfirmed(event.orderId(), event.customerId(), event.amount(), event.currency()));
		log.info("Confirmed order {} on its payment", event.orderId());
	}

	public void breakIt() {
		broken.set(true);
	}

	/** Makes the handler fail for one order only, as a bug that one event's data triggers. */
	public void breakFor(UUID orderId) {
		brokenFor.add(orderId);
	}

	/**
	 * Makes the handler wait when it meets this order's event, holding up its consumer, until
	 * {@link #release()} (at most a minute).
	 */
	public void holdAt(UUID orderId) {
		held.put(orderId, new CountDownLatch(1));
	}

	/** @return whether the handler is waiting at this order's event */
	public boolean isHolding(UUID orderId) {
		return holding.contains(orderId);
	}

	public void release() {
		held.values().forEach(CountDownLatch::countDown);
		held.clear();
	}

	private void waitIfHeld(UUID orderId) {
		CountDownLatch gate = held.get(orderId);
		if (gate == null) {
			return;
		}
		holding.add(orderId);
		try {
			if (!gate.await(1, TimeUnit.MINUTES)) {
				log.warn("Held at order {} for a minute; going on", orderId);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			holding.remove(orderId);
		}
	}

	public void fixIt() {
		broken.set(false);
		brokenFor.clear();
		release();
	}

}
