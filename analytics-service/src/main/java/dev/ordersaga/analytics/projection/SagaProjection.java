package dev.ordersaga.analytics.projection;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.IntegrationEvent;
import dev.ordersaga.contracts.inventory.v1.InventoryReleased;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.InventoryReserved;
import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.contracts.notification.v1.NotificationSent;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderConfirmed;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentFailed;
import dev.ordersaga.contracts.payment.v1.PaymentRefunded;

/**
 * Turns saga events into the read models: the order's timeline ({@code analytics_event}) and its
 * figures ({@code order_fact}, {@code order_fact_line}). The inbox consumer and a rebuild's replay
 * both come through {@link #project}, which applies an event only if it records its id first, so
 * any number of deliveries through either path count once.
 */
@Service
public class SagaProjection {

	/** The events projected, in the latest version of each (older versions are upcast before). */
	static final List<Class<? extends IntegrationEvent>> PROJECTED = List.of(OrderPlaced.class, OrderConfirmed.class,
			OrderCancelled.class, PaymentCompleted.class, PaymentFailed.class, PaymentRefunded.class,
			InventoryReserved.class, InventoryReservationFailed.class, InventoryReleased.class,
			NotificationSent.class);

	private final AnalyticsEvents events;

	private final OrderFacts facts;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher publisher;

	SagaProjection(AnalyticsEvents events, OrderFacts facts, JdbcClient jdbc, ApplicationEventPublisher publisher) {
		this.events = events;
		this.facts = facts;
		this.jdbc = jdbc;
		this.publisher = publisher;
	}

	/** @return the type names of the projected events, never {@literal null} */
	public static Set<String> eventTypes() {
		return PROJECTED.stream()
			.map(type -> EventCatalog.of(type).name())
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/** @return the topics that carry the projected events, never {@literal null} */
	public static Set<String> topics() {
		return PROJECTED.stream()
			.map(type -> EventCatalog.of(type).topic().name())
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	/**
	 * Records the event in its order's timeline and applies it to the order's figures, unless its
	 * event id was recorded before. Joins the caller's transaction (the inbox's) or opens one.
	 * @param event one of the projected events in its latest version, must not be {@literal null}
	 * @param header its envelope's facts, must not be {@literal null}
	 * @return whether it was applied now; {@literal false} for an event already recorded
	 * @throws IllegalArgumentException for an event type that is not projected
	 */
	@Transactional
	public boolean project(IntegrationEvent event, EventHeader header) {
		if (event instanceof OrderPlaced placed) {
			return record(header, placed.orderId(), placed.total(), placed.currency(), describe(placed),
					() -> facts.placed(placed.orderId(), placed.customerId(), placed.currency(), placed.total(),
							header.occurredAt(), quantityBySku(placed)));
		}
		if (event instanceof OrderConfirmed confirmed) {
			return record(header, confirmed.orderId(), confirmed.total(), confirmed.currency(), null,
					() -> facts.ended(confirmed.orderId(), OrderStatus.CONFIRMED, null, header.occurredAt(),
							confirmed.customerId(), confirmed.currency(), confirmed.total()));
		}
		if (event instanceof OrderCancelled cancelled) {
			return record(header, cancelled.orderId(), cancelled.total(), cancelled.currency(),
					cancelled.reason().name(),
					() -> facts.ended(cancelled.orderId(), OrderStatus.CANCELLED, cancelled.reason().name(),
							header.occurredAt(), cancelled.customerId(), cancelled.currency(), cancelled.total()));
		}
		if (event instanceof PaymentCompleted paid) {
			return record(header, paid.orderId(), paid.amount(), paid.currency(), null,
					() -> facts.paid(paid.orderId()));
		}
		if (event instanceof PaymentFailed failed) {
			return record(header, failed.orderId(), failed.amount(), failed.currency(), failed.reason().name(),
					() -> facts.known(failed.orderId()));
		}
		if (event instanceof PaymentRefunded refunded) {
			return record(header, refunded.orderId(), refunded.amount(), refunded.currency(),
					refunded.reason().name(), () -> facts.refunded(refunded.orderId(), refunded.amount()));
		}
		if (event instanceof InventoryReserved reserved) {
			return record(header, reserved.orderId(), null, null, describe(reserved.lines()),
					() -> facts.known(reserved.orderId()));
		}
		if (event instanceof InventoryReservationFailed failed) {
			return record(header, failed.orderId(), null, null, failed.shortages()
				.stream()
				.map(shortage -> shortage.sku() + ": " + shortage.requested() + " requested, " + shortage.available()
						+ " available")
				.collect(Collectors.joining(", ")), () -> facts.known(failed.orderId()));
		}
		if (event instanceof InventoryReleased released) {
			return record(header, released.orderId(), null, null, describe(released.lines()),
					() -> facts.known(released.orderId()));
		}
		if (event instanceof NotificationSent sent) {
			return record(header, sent.orderId(), null, null, sent.kind().name(), () -> facts.known(sent.orderId()));
		}
		throw new IllegalArgumentException(event.getClass().getName() + " is not projected; projected: " + eventTypes());
	}

	/**
	 * Empties every read model in one statement, the timeline table first: the handlers write it
	 * first too, so a handler running meanwhile either commits before (and its event is replayed) or
	 * waits and writes into the empty tables.
	 */
	@Transactional
	public void reset() {
		jdbc.sql("TRUNCATE analytics_event, order_fact_line, order_fact").update();
	}

	private boolean record(EventHeader header, UUID orderId, @Nullable BigDecimal amount, @Nullable String currency,
			@Nullable String detail, Runnable applyToFacts) {
		if (!events.record(orderId, header, amount, currency, detail)) {
			return false;
		}
		applyToFacts.run();
		// Listeners that need the committed state listen after the commit (the console's live feed).
		publisher.publishEvent(new OrderProjected(orderId));
		return true;
	}

	private static Map<String, Integer> quantityBySku(OrderPlaced placed) {
		Map<String, Integer> quantities = new LinkedHashMap<>();
		placed.lines().forEach(line -> quantities.merge(line.sku(), line.quantity(), Integer::sum));
		return quantities;
	}

	private static String describe(OrderPlaced placed) {
		return quantityBySku(placed).entrySet()
			.stream()
			.map(line -> line.getValue() + " × " + line.getKey())
			.collect(Collectors.joining(", "));
	}

	private static String describe(List<StockLine> lines) {
		return lines.stream().map(line -> line.quantity() + " × " + line.sku()).collect(Collectors.joining(", "));
	}
}
