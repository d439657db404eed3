package dev.ordersaga.inventory.catalog;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.ordersaga.contracts.Amounts;

/**
 * A product with its price and its stock: {@code available} units no order holds and
 * {@code reserved} units held by orders. Stock only moves between the two through
 * {@link #reserve} and {@link #release}, so their sum changes only when the stock is set.
 */
@Entity
@Table(name = "product")
public class Product {

	@Id
	private String sku;

	private String name;

	@Column(name = "unit_price")
	private BigDecimal unitPrice;

	private String currency;

	private int available;

	private int reserved;

	@Column(name = "updated_at")
	private Instant updatedAt;

	protected Product() {
	}

	Product(String sku, String name, BigDecimal unitPrice, String currency, int available) {
		this.sku = sku;
		this.reserved = 0;
		update(name, unitPrice, currency, available);
	}

	final void update(String name, BigDecimal unitPrice, String currency, int available) {
		if (available < 0) {
			throw new IllegalArgumentException("available must not be negative");
		}
		this.name = name;
		this.unitPrice = unitPrice;
		this.currency = currency;
		this.available = available;
		this.updatedAt = Instant.now();
	}

	/** @return whether {@code quantity} units can be reserved now */
	public boolean canReserve(int quantity) {
		return available >= quantity;
	}

	/**
	 * Moves units from available to reserved.
	 * @throws InsufficientStock when fewer units are available
	 */
	public void reserve(int quantity) {
		if (!canReserve(quantity)) {
			throw new InsufficientStock(sku, quantity, available);
		}
		available -= quantity;
		reserved += quantity;
		updatedAt = Instant.now();
	}

	/** Moves units a cancelled order held back to available. */
	public void release(int quantity) {
		if (quantity > reserved) {
			throw new IllegalStateException("Cannot release " + quantity + " of " + sku + ": only " + reserved
					+ " reserved");
		}
		reserved -= quantity;
		available += quantity;
		updatedAt = Instant.now();
	}

	public String sku() {
		return sku;
	}

	public String name() {
		return name;
	}

	public BigDecimal unitPrice() {
		return Amounts.normalize(unitPrice);
	}

	public String currency() {
		return currency;
	}

	public int available() {
		return available;
	}

	public int reserved() {
		return reserved;
	}

	/** Fewer units are available than an order asks for. */
	public static class InsufficientStock extends RuntimeException {

		InsufficientStock(String sku, int requested, int available) {
			super(requested + " of " + sku + " requested, " + available + " available");
		}
	}
}
