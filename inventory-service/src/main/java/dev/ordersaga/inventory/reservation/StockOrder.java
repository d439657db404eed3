package dev.ordersaga.inventory.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

import dev.ordersaga.contracts.inventory.v1.StockLine;

/**
 * Inventory's view of one order: what it asks for, whether it is paid or cancelled, and what was
 * decided. Every fact only ever goes from unknown to known, and the status only moves forward
 * (AWAITING → RESERVED → RELEASED, or AWAITING → REJECTED | CANCELLED), so replayed or reordered
 * events cannot undo a decision.
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

	/** @return whether every fact needed to reserve is known and nothing was decided yet */
	boolean readyToReserve() {
		return status == Status.AWAITING && linesKnown && paid && !cancelled;
	}

	void reserved() {
		moveTo(Status.AWAITING, Status.RESERVED);
	}

	void rejected() {
		moveTo(Status.AWAITING, Status.REJECTED);
	}

	void released() {
		moveTo(Status.RESERVED, Status.RELEASED);
	}

	void cancelledBeforeReservation() {
		moveTo(Status.AWAITING, Status.CANCELLED);
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

	boolean isCancelled() {
		return cancelled;
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
