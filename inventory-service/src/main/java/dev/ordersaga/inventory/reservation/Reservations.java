package dev.ordersaga.inventory.reservation;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.contracts.inventory.v1.InventoryReleased;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.InventoryReserved;
import dev.ordersaga.contracts.inventory.v1.Shortage;
import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.inventory.catalog.Product;
import dev.ordersaga.inventory.catalog.Products;
import dev.ordersaga.messaging.outbox.Outbox;

/**
 * Reserves an order's stock once it is both placed and paid, all lines or none, and gives it back
 * when the order is cancelled. Each event records its fact on the order under the order's row lock,
 * then {@link #progress} decides what the facts known so far call for, so the events may arrive in
 * any order, twice, or late: a payment for a cancelled order never reserves, a cancellation of a
 * reserved order releases at once.
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
		if (order.isCancelled()) {
			if (order.status() == StockOrder.Status.RESERVED) {
				lockProducts(order).forEach(line -> line.product().release(line.quantity()));
				order.released();
				outbox.append(new InventoryReleased(order.orderId(), order.lines()));
			}
			else if (order.status() == StockOrder.Status.AWAITING) {
				order.cancelledBeforeReservation();
			}
			return;
		}
		if (!order.readyToReserve()) {
			return;
		}
		List<ProductLine> lines = lockProducts(order);
		List<Shortage> shortages = lines.stream()
			.filter(line -> line.product() == null || !line.product().canReserve(line.quantity()))
			.map(line -> new Shortage(line.sku(), line.quantity(), line.product() == null ? 0 : line.product().available()))
			.toList();
		if (!shortages.isEmpty()) {
			order.rejected();
			outbox.append(new InventoryReservationFailed(order.orderId(), shortages));
			return;
		}
		lines.forEach(line -> line.product().reserve(line.quantity()));
		order.reserved();
		outbox.append(new InventoryReserved(order.orderId(), order.lines()));
	}

	private List<ProductLine> lockProducts(StockOrder order) {
		List<StockLine> lines = order.lines();
		Map<String, Product> locked = products.lockAll(lines.stream().map(StockLine::sku).toList())
			.stream()
			.collect(Collectors.toMap(Product::sku, Function.identity()));
		return lines.stream().map(line -> new ProductLine(line.sku(), line.quantity(), locked.get(line.sku()))).toList();
	}

	private record ProductLine(String sku, int quantity, @org.jspecify.annotations.Nullable Product product) {
	}
}
