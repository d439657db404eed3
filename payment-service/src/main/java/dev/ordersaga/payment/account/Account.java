package dev.ordersaga.payment.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.contracts.Amounts;

/**
 * A customer's account. Its balance only changes through {@link #deposit}, {@link #charge} and
 * {@link #refund}, each of which returns the ledger entry that records it; a charge larger than the balance is refused,
 * so the balance never goes negative.
 */
@Entity
@Table(name = "account")
public class Account {

	@Id
	@Column(name = "customer_id")
	private UUID customerId;

	private String currency;

	private BigDecimal balance;

	@Column(name = "opened_at")
	private Instant openedAt;

	protected Account() {
	}

	Account(UUID customerId, String currency) {
		this.customerId = customerId;
		this.currency = currency;
		this.balance = BigDecimal.ZERO;
		this.openedAt = Instant.now();
	}

	/** @return the ledger entry of the opening balance, to be saved with the account */
	LedgerEntry open(BigDecimal openingBalance) {
		return book(LedgerEntry.Kind.OPENING, openingBalance, null);
	}

	LedgerEntry deposit(BigDecimal amount) {
		return book(LedgerEntry.Kind.DEPOSIT, amount, null);
	}

	/** @return whether the account can pay {@code amount} in {@code currency} now */
	public boolean covers(BigDecimal amount) {
		return balance.compareTo(amount) >= 0;
	}

	/**
	 * Takes the amount for an order.
	 * @throws IllegalStateException when the balance does not cover it
	 */
	public LedgerEntry charge(BigDecimal amount, UUID orderId) {
		if (!covers(amount)) {
			throw new IllegalStateException("Account " + customerId + " cannot pay " + amount);
		}
		return book(LedgerEntry.Kind.CHARGE, amount, orderId);
	}

	/**
	 * Gives an order's charge back.
	 * @return the ledger entry to save
	 */
	public LedgerEntry refund(BigDecimal amount, UUID orderId) {
		return book(LedgerEntry.Kind.REFUND, amount, orderId);
	}

	/** Changes the balance and returns the entry that records it; the caller saves the entry. */
	private LedgerEntry book(LedgerEntry.Kind kind, BigDecimal amount, @Nullable UUID orderId) {
		balance = kind == LedgerEntry.Kind.CHARGE ? balance.subtract(amount) : balance.add(amount);
		return new LedgerEntry(this, kind, amount, balance, orderId);
	}

	public UUID customerId() {
		return customerId;
	}

	public String currency() {
		return currency;
	}

	public BigDecimal balance() {
		return Amounts.normalize(balance);
	}
}
