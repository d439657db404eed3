package dev.ordersaga.inventory.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.contracts.inventory.v1.InventoryEvent;
import dev.ordersaga.contracts.inventory.v1.InventoryReleased;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.InventoryReserved;
import dev.ordersaga.contracts.inventory.v1.Shortage;
import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.inventory.catalog.Product;

/**
 * Inventory's view of one order: what it asks for, whether it is paid or cancelled, and what was
 * decided. Every fact only ever goes from unknown to known, and the status only moves forward
 * (AWAITING → RESERVED → RELEASED, or AWAITING → REJECTED | CANCELLED), so replayed or reordered
 * events cannot undo a decision. Each fact is recorded on its own; {@link #progress} then decides
 * what the facts known so far call for: the reservation state machine.
 */
@Entity
@Table(name = "stock_order")
class StockOrder {

	enum Status {
		AWAITING, RESERVED, REJECTED, RELEASED, CANCELLED
	}

	@Id
	@Column(name = "order_id")
	private UUID orderId;

	@Enumerated(EnumType.STRING)
	private Status status;

	@Column(name = "lines_known")
	private boolean linesKnown;

	private boolean paid;

	private boolean cancelled;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "stock_order_line", joinColumns = @JoinColumn(name = "order_id"))
	private List<Line> lines = new ArrayList<>();

	protected StockOrder() {
	}

	/** An order nothing is known of yet, as {@link StockOrders#createIfAbsent} inserts it. */
	StockOrder(UUID orderId) {
		this.orderId = orderId;
		this.status = Status.AWAITING;
		touch();
	}

	void recordLines(List<StockLine> ordered) {
		if (linesKnown) {
			return;
		}
		Map<String, Integer> bySku = new LinkedHashMap<>();
		ordered.forEach(line -> bySku.merge(line.sku(), line.quantity(), Integer::sum));
		bySku.forEach((sku, quantity) -> lines.add(new Line(sku, quantity)));
		linesKnown = true;
		touch();
	}

	void markPaid() {
		paid = true;
		touch();
	}

	void markCancelled() {
		cancelled = true;
		touch();
	}

	/**
	 * Decides what the facts known so far call for: reserves every line or none once the order is
	 * placed and paid, gives reserved stock back once it is cancelled, and settles a cancelled order
	 * that never reserved, so a payment arriving later reserves nothing. Asking again changes nothing.
	 * @param stock where the products are, locked only when this order reserves or releases
	 * @return InventoryReserved, InventoryReservationFailed or InventoryReleased; empty when nothing
	 * happened
	 */
	Optional<InventoryEvent> progress(Stock stock) {
		if (cancelled) {
			if (status == Status.RESERVED) {
				Map<String, @Nullable Product> products = stock.lock(skus());
				lines.forEach(line -> products.get(line.sku).release(line.quantity));
				moveTo(Status.RESERVED, Status.RELEASED);
				return Optional.of(new InventoryReleased(orderId, lines()));
			}
			if (status == Status.AWAITING) {
				moveTo(Status.AWAITING, Status.CANCELLED);
			}
			return Optional.empty();
		}
		if (status != Status.AWAITING || !linesKnown || !paid) {
			return Optional.empty();
		}
		Map<String, @Nullable Product> products = stock.lock(skus());
		List<Shortage> shortages = new ArrayList<>();
		for (Line line : lines) {
			Product product = products.get(line.sku);
			if (product == null || !product.canReserve(line.quantity)) {
				shortages.add(new Shortage(line.sku, line.quantity, product == null ? 0 : product.available()));
			}
		}
		if (!shortages.isEmpty()) {
			moveTo(Status.AWAITING, Status.REJECTED);
			return Optional.of(new InventoryReservationFailed(orderId, shortages));
		}
		lines.forEach(line -> products.get(line.sku).reserve(line.quantity));
		moveTo(Status.AWAITING, Status.RESERVED);
		return Optional.of(new InventoryReserved(orderId, lines()));
	}

	private List<String> skus() {
		return lines.stream().map(line -> line.sku).toList();
	}

	private void moveTo(Status from, Status to) {
		if (status != from) {
			throw new IllegalStateException("Order " + orderId + " is " + status + ", cannot become " + to);
		}
		status = to;
		touch();
	}

	private void touch() {
		updatedAt = Instant.now();
	}

	UUID orderId() {
		return orderId;
	}

	Status status() {
		return status;
	}

	List<StockLine> lines() {
		return lines.stream().map(line -> new StockLine(line.sku, line.quantity)).toList();
	}

	@Embeddable
	static class Line {

		private String sku;

		private int quantity;

		protected Line() {
		}

		Line(String sku, int quantity) {
			this.sku = sku;
			this.quantity = quantity;
		}
	}
}
