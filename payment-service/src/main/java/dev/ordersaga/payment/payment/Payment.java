package dev.ordersaga.payment.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

import dev.ordersaga.contracts.Amounts;
import dev.ordersaga.contracts.payment.v1.PaymentFailureReason;
import dev.ordersaga.contracts.payment.v1.RefundReason;

/**
 * What happened to an order's payment: charged (and perhaps refunded later) or declined. One per
 * order, so a redelivered order is never charged twice, and only a charged payment can be refunded,
 * once.
 */
@Entity
@Table(name = "payment")
public class Payment implements Persistable<UUID> {

	public enum Status {
		CHARGED, DECLINED, REFUNDED
	}

	@Id
	@Column(name = "order_id")
	private UUID orderId;

	@Column(name = "payment_id")
	private UUID paymentId;

	@Column(name = "customer_id")
	private UUID customerId;

	private BigDecimal amount;

	private String currency;

	@Enumerated(EnumType.STRING)
	private Status status;

	@Enumerated(EnumType.STRING)
	@Column(name = "failure_reason")
	private @Nullable PaymentFailureReason failureReason;

	@Enumerated(EnumType.STRING)
	@Column(name = "refund_reason")
	private @Nullable RefundReason refundReason;

	@Column(name = "updated_at")
	private Instant updatedAt;

	/**
	 * Whether this was built here rather than loaded: Spring Data then saves it with a plain INSERT
	 * instead of a merge, which would first SELECT the assigned id to find out.
	 */
	@Transient
	private boolean isNew;

	protected Payment() {
	}

	@Override
	public UUID getId() {
		return orderId;
	}

	@Override
	public boolean isNew() {
		return isNew;
	}

	@PostPersist
	void stored() {
		isNew = false;
	}

	private Payment(UUID orderId, UUID customerId, BigDecimal amount, String currency, Status status,
			@Nullable PaymentFailureReason failureReason) {
		this.orderId = orderId;
		this.paymentId = UUID.randomUUID();
		this.customerId = customerId;
		this.amount = amount;
		this.currency = currency;
		this.status = status;
		this.failureReason = failureReason;
		this.updatedAt = Instant.now();
		this.isNew = true;
	}

	static Payment charged(UUID orderId, UUID customerId, BigDecimal amount, String currency) {
		return new Payment(orderId, customerId, amount, currency, Status.CHARGED, null);
	}

	static Payment declined(UUID orderId, UUID customerId, BigDecimal amount, String currency,
			PaymentFailureReason reason) {
		return new Payment(orderId, customerId, amount, currency, Status.DECLINED, reason);
	}

	/** @return whether there is a charge to give back */
	boolean refundable() {
		return status == Status.CHARGED;
	}

	void refunded(RefundReason reason) {
		if (!refundable()) {
			throw new IllegalStateException("Payment of order " + orderId + " is " + status + ": nothing to refund");
		}
		status = Status.REFUNDED;
		refundReason = reason;
		updatedAt = Instant.now();
	}

	public UUID orderId() {
		return orderId;
	}

	public UUID paymentId() {
		return paymentId;
	}

	public UUID customerId() {
		return customerId;
	}

	public BigDecimal amount() {
		return Amounts.normalize(amount);
	}

	public String currency() {
		return currency;
	}

	public Status status() {
		return status;
	}

	public @Nullable PaymentFailureReason failureReason() {
		return failureReason;
	}

	public @Nullable RefundReason refundReason() {
		return refundReason;
	}
}
