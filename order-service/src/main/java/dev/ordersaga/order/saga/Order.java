package dev.ordersaga.order.saga;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.contracts.Amounts;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderConfirmed;
import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.servicesupport.persistence.AssignedIdEntity;

/**
 * An order and its place in the saga. PENDING until paid, PAID until its stock is reserved, then
 * CONFIRMED; CANCELLED from any open state. Payment and reservation are facts that may arrive in
 * either order; the order is confirmed when both are known. CONFIRMED and CANCELLED are terminal:
 * nothing changes a terminal order again, so late or repeated events cannot undo the outcome. Each
 * transition answers with the event it calls for, empty when nothing happened. The cancellation
 * reason is the order's own enum, stored by name, so a change of the contract's enum never migrates
 * the table.
 */
@Entity
@Table(name = "customer_order")
public class Order extends AssignedIdEntity<UUID> {

	public enum Status {
		PENDING, PAID, CONFIRMED, CANCELLED
	}

	/** Why an order was cancelled; the names are the stored values. */
	public enum CancellationReason {

		/** The payment was declined. */
		PAYMENT_DECLINED,

		/** A line could not be reserved; the payment is refunded. */
		OUT_OF_STOCK,

		/** The customer cancelled before confirmation. */
		CUSTOMER_REQUEST,

		/** The saga did not finish before its deadline. */
		TIMEOUT;

		dev.ordersaga.contracts.order.v1.CancellationReason toContract() {
			return switch (this) {
				case PAYMENT_DECLINED -> dev.ordersaga.contracts.order.v1.CancellationReason.PAYMENT_DECLINED;
				case OUT_OF_STOCK -> dev.ordersaga.contracts.order.v1.CancellationReason.OUT_OF_STOCK;
				case CUSTOMER_REQUEST -> dev.ordersaga.contracts.order.v1.CancellationReason.CUSTOMER_REQUEST;
				case TIMEOUT -> dev.ordersaga.contracts.order.v1.CancellationReason.TIMEOUT;
			};
		}
	}

	@Id
	@Column(name = "order_id")
	private UUID id;

	@Column(name = "customer_id")
	private UUID customerId;

	private String currency;

	private BigDecimal total;

	@Enumerated(EnumType.STRING)
	private Status status;

	@Enumerated(EnumType.STRING)
	@Column(name = "cancel_reason")
	private @Nullable CancellationReason cancelReason;

	@Column(name = "customer_email")
	private @Nullable String customerEmail;

	private boolean paid;

	private boolean reserved;

	@Column(name = "placed_at")
	private Instant placedAt;

	@Column(name = "deadline_at")
	private Instant deadlineAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Column(name = "idempotency_key")
	private @Nullable String idempotencyKey;

	@Column(name = "request_fingerprint")
	private @Nullable String requestFingerprint;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
	@OrderColumn(name = "line_no")
	private List<Line> lines = new ArrayList<>();

	protected Order() {
	}

	@Override
	public UUID getId() {
		return id;
	}

	private Order(UUID customerId, String currency, List<Line> lines, @Nullable String customerEmail, Instant now,
			Instant deadline, @Nullable String idempotencyKey, @Nullable String requestFingerprint) {
		this.id = UUID.randomUUID();
		this.customerId = customerId;
		this.currency = currency;
		this.lines = new ArrayList<>(lines);
		this.total = lines.stream().map(Line::total).reduce(BigDecimal.ZERO, BigDecimal::add);
		this.customerEmail = customerEmail;
		this.status = Status.PENDING;
		this.placedAt = now;
		this.updatedAt = now;
		this.deadlineAt = deadline;
		this.idempotencyKey = idempotencyKey;
		this.requestFingerprint = requestFingerprint;
	}

	/**
	 * Places an order.
	 * @return the order and its OrderPlaced event
	 */
	static Placed place(UUID customerId, String currency, List<Line> lines, @Nullable String customerEmail,
			Instant now, Instant deadline, @Nullable String idempotencyKey, @Nullable String requestFingerprint) {
		Order order = new Order(customerId, currency, lines, customerEmail, now, deadline, idempotencyKey,
				requestFingerprint);
		return new Placed(order, new OrderPlaced(order.id, customerId,
				lines.stream().map(line -> new OrderLine(line.sku, line.quantity, line.unitPrice)).toList(),
				order.total, currency, customerEmail));
	}

	/** Records the payment; confirms the order if its stock is already reserved. */
	Optional<OrderConfirmed> markPaid() {
		if (isTerminal()) {
			return Optional.empty();
		}
		paid = true;
		status = Status.PAID;
		return confirmIfComplete();
	}

	/** Records the reservation; confirms the order if it is already paid. */
	Optional<OrderConfirmed> markReserved() {
		if (isTerminal()) {
			return Optional.empty();
		}
		reserved = true;
		return confirmIfComplete();
	}

	private Optional<OrderConfirmed> confirmIfComplete() {
		touch();
		if (!paid || !reserved) {
			return Optional.empty();
		}
		status = Status.CONFIRMED;
		return Optional.of(new OrderConfirmed(id, customerId, total, currency));
	}

	/**
	 * Cancels an open order; cancelling a cancelled order again changes nothing.
	 * @return the OrderCancelled event, empty when the order was already cancelled
	 * @throws OrderAlreadyConfirmed when the order is confirmed
	 */
	Optional<OrderCancelled> cancel(CancellationReason reason) {
		if (status == Status.CONFIRMED) {
			throw new OrderAlreadyConfirmed(id);
		}
		if (status == Status.CANCELLED) {
			return Optional.empty();
		}
		status = Status.CANCELLED;
		cancelReason = reason;
		touch();
		return Optional.of(new OrderCancelled(id, customerId, reason.toContract(), total, currency));
	}

	/**
	 * Cancels an open order for a reason the saga found (a declined payment, a failed reservation); a
	 * terminal order stays as it is, so a failure that arrives after the outcome changes nothing.
	 * @return the OrderCancelled event, empty when the order was already confirmed or cancelled
	 */
	Optional<OrderCancelled> sagaFailed(CancellationReason reason) {
		if (isTerminal()) {
			return Optional.empty();
		}
		return cancel(reason);
	}

	boolean isTerminal() {
		return status == Status.CONFIRMED || status == Status.CANCELLED;
	}

	/** @return whether this order was placed by the request with this fingerprint */
	boolean placedBy(String fingerprint) {
		return fingerprint.equals(requestFingerprint);
	}

	private void touch() {
		updatedAt = Instant.now();
	}

	public UUID id() {
		return id;
	}

	public UUID customerId() {
		return customerId;
	}

	public String currency() {
		return currency;
	}

	public BigDecimal total() {
		return Amounts.normalize(total);
	}

	public Status status() {
		return status;
	}

	public @Nullable CancellationReason cancelReason() {
		return cancelReason;
	}

	public @Nullable String customerEmail() {
		return customerEmail;
	}

	public Instant placedAt() {
		return placedAt;
	}

	public List<Line> lines() {
		return List.copyOf(lines);
	}

	/** The order and the event that announces it. */
	record Placed(Order order, OrderPlaced event) {
	}

	/** One priced line of an order. */
	@Embeddable
	public static class Line {

		private String sku;

		private int quantity;

		@Column(name = "unit_price")
		private BigDecimal unitPrice;

		protected Line() {
		}

		Line(String sku, int quantity, BigDecimal unitPrice) {
			this.sku = sku;
			this.quantity = quantity;
			this.unitPrice = unitPrice;
		}

		public String sku() {
			return sku;
		}

		public int quantity() {
			return quantity;
		}

		public BigDecimal unitPrice() {
			return Amounts.normalize(unitPrice);
		}

		public BigDecimal total() {
			return Amounts.normalize(unitPrice.multiply(BigDecimal.valueOf(quantity)));
		}
	}

	/** The order is confirmed and can no longer be cancelled. */
	public static class OrderAlreadyConfirmed extends RuntimeException {

		OrderAlreadyConfirmed(UUID id) {
			super("Order " + id + " is confirmed and can no longer be cancelled");
		}
	}
}
