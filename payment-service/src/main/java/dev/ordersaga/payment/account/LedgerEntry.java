package dev.ordersaga.payment.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.contracts.Amounts;

/** One movement of an account's balance. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry {

	public enum Kind {
		OPENING, DEPOSIT, CHARGE, REFUND
	}

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@ManyToOne
	@JoinColumn(name = "customer_id")
	private Account account;

	@Enumerated(EnumType.STRING)
	private Kind kind;

	private BigDecimal amount;

	@Column(name = "balance_after")
	private BigDecimal balanceAfter;

	@Column(name = "order_id")
	private @Nullable UUID orderId;

	@Column(name = "booked_at")
	private Instant bookedAt;

	protected LedgerEntry() {
	}

	LedgerEntry(Account account, Kind kind, BigDecimal amount, BigDecimal balanceAfter, @Nullable UUID orderId) {
		this.account = account;
		this.kind = kind;
		this.amount = amount;
		this.balanceAfter = balanceAfter;
		this.orderId = orderId;
		this.bookedAt = Instant.now();
	}

	public Kind kind() {
		return kind;
	}

	public BigDecimal amount() {
		return Amounts.normalize(amount);
	}

	public BigDecimal balanceAfter() {
		return Amounts.normalize(balanceAfter);
	}

	public @Nullable UUID orderId() {
		return orderId;
	}

	public Instant bookedAt() {
		return bookedAt;
	}
}
