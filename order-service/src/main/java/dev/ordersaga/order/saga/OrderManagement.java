package dev.ordersaga.order.saga;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.IntegrationEvent;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderConfirmed;
import dev.ordersaga.messaging.inbox.EventMetadata;
import dev.ordersaga.messaging.outbox.Outbox;
import dev.ordersaga.order.admission.Admission;
import dev.ordersaga.order.catalog.CatalogProduct;
import dev.ordersaga.order.catalog.CatalogProducts;

/**
 * Places and cancels orders and moves them through the saga as payment and inventory report back.
 * Every change locks the order's row, lets the {@link Order} decide, appends the event it answers
 * with to the outbox in the same transaction, records the saga step and counts the transition
 * ({@link SagaMetrics}, once the transaction commits).
 */
@Service
public class OrderManagement {

	private final Orders orders;

	private final CatalogProducts catalog;

	private final SagaSteps steps;

	private final Outbox outbox;

	private final SagaSettings settings;

	private final Admission admission;

	private final SagaMetrics metrics;

	OrderManagement(Orders orders, CatalogProducts catalog, SagaSteps steps, Outbox outbox, SagaSettings settings,
			Admission admission, SagaMetrics metrics) {
		this.orders = orders;
		this.catalog = catalog;
		this.steps = steps;
		this.outbox = outbox;
		this.settings = settings;
		this.admission = admission;
		this.metrics = metrics;
	}

	/**
	 * Places an order priced from the catalogue. With an idempotency key, a repeated request of the
	 * same customer returns the order the first one placed, even while new orders are refused.
	 * @throws Admission.SagaBehind when too many orders are open to take a new one
	 * @throws UnknownProducts when a sku is not in the catalogue
	 * @throws CurrencyMismatch when a product is priced in another currency
	 * @throws IdempotencyKeyReused when the key was used for a different request
	 */
	@Transactional
	public Order place(PlaceOrder request, @Nullable String idempotencyKey) {
		String fingerprint = request.fingerprint();
		if (idempotencyKey != null) {
			Optional<Order> earlier = orders.findByCustomerIdAndIdempotencyKey(request.customerId(), idempotencyKey);
			if (earlier.isPresent()) {
				if (!earlier.get().placedBy(fingerprint)) {
					throw new IdempotencyKeyReused(idempotencyKey);
				}
				return earlier.get();
			}
		}
		admission.admit();
		Map<String, CatalogProduct> products = catalog
			.findAllById(request.lines().stream().map(PlaceOrder.Line::sku).toList())
			.stream()
			.collect(Collectors.toMap(CatalogProduct::sku, Function.identity()));
		List<String> unknown = request.lines().stream().map(PlaceOrder.Line::sku).filter(sku -> !products.containsKey(sku)).toList();
		if (!unknown.isEmpty()) {
			throw new UnknownProducts(unknown);
		}
		List<String> otherCurrency = products.values()
			.stream()
			.filter(product -> !product.currency().equals(request.currency()))
			.map(product -> product.sku() + " (" + product.currency() + ")")
			.sorted()
			.toList();
		if (!otherCurrency.isEmpty()) {
			throw new CurrencyMismatch(request.currency(), otherCurrency);
		}
		List<Order.Line> lines = new ArrayList<>();
		request.lines()
			.forEach(line -> lines.add(new Order.Line(line.sku(), line.quantity(), products.get(line.sku()).unitPrice())));
		Instant now = Instant.now();
		Order.Placed placed = Order.place(request.customerId(), request.currency(), lines, request.customerEmail(), now,
				now.plus(settings.timeout()), idempotencyKey, fingerprint);
		Order order = orders.saveAndFlush(placed.order());
		publish(order, settings.inPublishedVersion(placed.event()));
		metrics.placed();
		return order;
	}

	/**
	 * Cancels an order the customer no longer wants.
	 * @throws Order.OrderAlreadyConfirmed when it is confirmed
	 * @throws OrderNotFound when there is no such order
	 */
	@Transactional
	public Order cancel(UUID orderId) {
		Order order = lock(orderId);
		Order.CancellationReason reason = Order.CancellationReason.CUSTOMER_REQUEST;
		cancelled(order, reason, order.cancel(reason));
		return order;
	}

	@Transactional
	public void paymentCompleted(UUID orderId, EventMetadata step) {
		Order order = seen(orderId, step);
		confirmed(order, order.markPaid());
	}

	@Transactional
	public void inventoryReserved(UUID orderId, EventMetadata step) {
		Order order = seen(orderId, step);
		confirmed(order, order.markReserved());
	}

	/** Cancels an open order for a reason the saga found; a terminal order stays as it is. */
	@Transactional
	public void sagaFailed(UUID orderId, Order.CancellationReason reason, EventMetadata step) {
		Order order = seen(orderId, step);
		cancelled(order, reason, order.sagaFailed(reason));
	}

	/** Records a step that changes nothing here (a refund, a release). */
	@Transactional
	public void noted(UUID orderId, EventMetadata step) {
		seen(orderId, step);
	}

	/**
	 * Cancels up to {@code limit} open orders past their deadline; instances running this at once
	 * skip each other's orders.
	 * @return how many were cancelled
	 */
	@Transactional
	public int cancelOverdue(int limit) {
		List<UUID> overdue = orders.lockOverdue(Instant.now(), limit);
		for (UUID orderId : overdue) {
			Order order = lock(orderId);
			Order.CancellationReason reason = Order.CancellationReason.TIMEOUT;
			cancelled(order, reason, order.cancel(reason));
		}
		return overdue.size();
	}

	private void confirmed(Order order, Optional<OrderConfirmed> confirmation) {
		confirmation.ifPresent(event -> {
			publish(order, event);
			metrics.confirmed(order);
		});
	}

	private void cancelled(Order order, Order.CancellationReason reason, Optional<OrderCancelled> cancellation) {
		cancellation.ifPresent(event -> {
			publish(order, event);
			metrics.cancelled(order, reason);
		});
	}

	private Order seen(UUID orderId, EventMetadata step) {
		Order order = lock(orderId);
		steps.save(new SagaStep(orderId, step.eventId(), step.eventType(), step.producer(), step.occurredAt()));
		return order;
	}

	private Order lock(UUID orderId) {
		return orders.lock(orderId).orElseThrow(() -> new OrderNotFound(orderId));
	}

	private void publish(Order order, IntegrationEvent event) {
		EventEnvelope envelope = outbox.append(event);
		steps.save(new SagaStep(order.id(), envelope.eventId(), envelope.eventType(), envelope.producer(),
				envelope.occurredAt()));
	}

	/**
	 * What a customer asks for.
	 *
	 * @param customerId who orders
	 * @param currency the currency to pay in
	 * @param lines what, at least one line, each sku once
	 * @param customerEmail where to send notifications, may be {@literal null}
	 */
	public record PlaceOrder(UUID customerId, String currency, List<Line> lines, @Nullable String customerEmail) {

		public record Line(String sku, int quantity) {
		}

		String fingerprint() {
			String canonical = customerId + "|" + currency + "|" + customerEmail + "|"
					+ lines.stream().map(line -> line.sku() + ":" + line.quantity()).collect(Collectors.joining(","));
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	/** Some skus of an order are not in the catalogue. */
	public static class UnknownProducts extends RuntimeException {

		private final List<String> skus;

		UnknownProducts(List<String> skus) {
			super("Unknown products: " + String.join(", ", skus));
			this.skus = List.copyOf(skus);
		}

		public List<String> skus() {
			return skus;
		}
	}

	/** Some products are priced in another currency than the order's. */
	public static class CurrencyMismatch extends RuntimeException {

		CurrencyMismatch(String currency, List<String> products) {
			super("The order is in " + currency + " but these products are priced otherwise: " + String.join(", ", products));
		}
	}

	/** An idempotency key was sent again with a different request. */
	public static class IdempotencyKeyReused extends RuntimeException {

		IdempotencyKeyReused(String key) {
			super("Idempotency-Key " + key + " was already used for a different order request");
		}
	}

	/** No order has this id. */
	public static class OrderNotFound extends RuntimeException {

		public OrderNotFound(UUID orderId) {
			super("No order " + orderId);
		}
	}
}
