package dev.ordersaga.payment.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.contracts.Amounts;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentEvent;
import dev.ordersaga.contracts.payment.v1.PaymentFailed;
import dev.ordersaga.contracts.payment.v1.PaymentFailureReason;
import dev.ordersaga.contracts.payment.v1.PaymentRefunded;
import dev.ordersaga.payment.account.Account;
import dev.ordersaga.payment.account.LedgerEntry;
import dev.ordersaga.servicesupport.persistence.AssignedIdEntity;

/**
 * What happened to an order's payment: charged (and perhaps refunded later) or declined. One per
 * order, so a redelivered order is never charged twice, and only a charged payment can be refunded,
 * once. It decides both and answers with the event to publish; its reasons are its own enums, stored
 * by name, so a change of the contract's enums never migrates the table.
 */
@Entity
@Table(name = "payment")
public class Payment extends AssignedIdEntity<UUID> {

	public enum Status {
		CHARGED, DECLINED, REFUNDED
	}

	/** Why a charge was declined; the names are the stored values. */
	public enum FailureReason {

		INSUFFICIENT_FUNDS, NO_ACCOUNT, CURRENCY_MISMATCH;

		PaymentFailureReason toContract() {
			return switch (this) {
				case INSUFFICIENT_FUNDS -> PaymentFailureReason.INSUFFICIENT_FUNDS;
				case NO_ACCOUNT -> PaymentFailureReason.NO_ACCOUNT;
				case CURRENCY_MISMATCH -> PaymentFailureReason.CURRENCY_MISMATCH;
			};
		}
	}

	/** Why a charge was given back; the names are the stored values. */
	public enum RefundReason {

		OUT_OF_STOCK, ORDER_CANCELLED;

		dev.ordersaga.contracts.payment.v1.RefundReason toContract() {
			return switch (this) {
				case OUT_OF_STOCK -> dev.ordersaga.contracts.payment.v1.RefundReason.OUT_OF_STOCK;
				case ORDER_CANCELLED -> dev.ordersaga.contracts.payment.v1.RefundReason.ORDER_CANCELLED;
			};
		}
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
	private @Nullable FailureReason failureReason;

	@Enumerated(EnumType.STRING)
	@Column(name = "refund_reason")
	private @Nullable RefundReason refundReason;

	@Column(name = "updated_at")
	private Instant updatedAt;

	protected Payment() {
	}

	@Override
	public UUID getId() {
		return orderId;
	}

	private Payment(UUID orderId, UUID customerId, BigDecimal amount, String currency, Status status,
			@Nullable FailureReason failureReason) {
		this.orderId = orderId;
		this.paymentId = UUID.randomUUID();
		this.customerId = customerId;
		this.amount = amount;
		this.currency = currency;
		this.status = status;
		this.failureReason = failureReason;
		this.updatedAt = Instant.now();
	}

	/**
	 * Charges an order to the customer's account, or declines it when there is no account, it is kept
	 * in another currency or its balance does not cover the amount. Nothing is taken from a declined
	 * order's account.
	 * @param account the customer's account, locked by the caller; {@literal null} when there is none
	 * @return the payment, the ledger entry of the charge (none when declined) and the event to publish
	 */
	static Charge charge(UUID orderId, UUID customerId, BigDecimal amount, String currency,
			@Nullable Account account) {
		FailureReason declined = account == null ? FailureReason.NO_ACCOUNT
				: !account.currency().equals(currency) ? FailureReason.CURRENCY_MISMATCH
						: !account.covers(amount) ? FailureReason.INSUFFICIENT_FUNDS : null;
		if (declined != null) {
			Payment payment = new Payment(orderId, customerId, amount, currency, Status.DECLINED, declined);
			return new Charge(payment, Optional.empty(),
					new PaymentFailed(orderId, customerId, amount, currency, declined.toContract()));
		}
		LedgerEntry entry = account.charge(amount, orderId);
		Payment payment = new Payment(orderId, customerId, amount, currency, Status.CHARGED, null);
		return new Charge(payment, Optional.of(entry),
				new PaymentCompleted(orderId, customerId, payment.paymentId, amount, currency));
	}

	/** @return whether there is a charge to give back */
	boolean refundable() {
		return status == Status.CHARGED;
	}

	/**
	 * Gives a charged payment back, once. A declined payment took nothing and a refunded one was
	 * already given back: both answer empty, and the account is then not even looked up.
	 * @param account the customer's account, asked for (and locked) only when there is something to give back
	 * @return the ledger entry of the refund and the event to publish, empty when there is nothing to refund
	 */
	Optional<Refund> refund(RefundReason reason, Supplier<Account> account) {
		if (!refundable()) {
			return Optional.empty();
		}
		LedgerEntry entry = account.get().refund(amount, orderId);
		status = Status.REFUNDED;
		refundReason = reason;
		updatedAt = Instant.now();
		return Optional.of(new Refund(entry, new PaymentRefunded(orderId, customerId, paymentId, amount(), currency,
				reason.toContract())));
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

	public @Nullable FailureReason failureReason() {
		return failureReason;
	}

	public @Nullable RefundReason refundReason() {
		return refundReason;
	}

	/**
	 * What a charge decided.
	 *
	 * @param payment the new payment, to be saved
	 * @param entry the ledger entry of the charge, to be saved; empty when declined
	 * @param event PaymentCompleted or PaymentFailed
	 */
	record Charge(Payment payment, Optional<LedgerEntry> entry, PaymentEvent event) {
	}

	/**
	 * What a refund did.
	 *
	 * @param entry the ledger entry that gives the money back, to be saved
	 * @param event the PaymentRefunded event
	 */
	record Refund(LedgerEntry entry, PaymentRefunded event) {
	}
}
