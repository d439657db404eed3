package dev.ordersaga.inventory.reservation;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.inventory.catalog.Products;
import dev.ordersaga.messaging.outbox.Outbox;

/**
 * Reserves an order's stock once it is both placed and paid, all lines or none, and gives it back
 * when the order is cancelled. Each event locks the order's row and records its fact, then
 * {@link StockOrder#progress} decides what the facts known so far call for and the event it answers
 * with is appended, so the events may arrive in any order, twice, or late: a payment for a cancelled
 * order never reserves, a cancellation of a reserved order releases at once.
 */
@Service
public class Reservations {

	private final StockOrders orders;

	private final Products products;

	private final Outbox outbox;

	Reservations(StockOrders orders, Products products, Outbox outbox) {
		this.orders = orders;
		this.products = products;
		this.outbox = outbox;
	}

	@Transactional
	public void orderPlaced(UUID orderId, List<StockLine> lines) {
		StockOrder order = lock(orderId);
		order.recordLines(lines);
		progress(order);
	}

	@Transactional
	public void paymentCompleted(UUID orderId) {
		StockOrder order = lock(orderId);
		order.markPaid();
		progress(order);
	}

	@Transactional
	public void orderCancelled(UUID orderId) {
		StockOrder order = lock(orderId);
		order.markCancelled();
		progress(order);
	}

	private StockOrder lock(UUID orderId) {
		orders.createIfAbsent(orderId);
		return orders.lock(orderId).orElseThrow();
	}

	private void progress(StockOrder order) {
		order.progress(Stock.lockedIn(products)).ifPresent(outbox::append);
	}
}
