package dev.ordersaga.order.catalog;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.ordersaga.contracts.Amounts;

/** order-service's copy of a product's name and price, kept up to date from ProductUpdated. */
@Entity
@Table(name = "catalog_product")
public class CatalogProduct {

	@Id
	private String sku;

	private String name;

	@Column(name = "unit_price")
	private BigDecimal unitPrice;

	private String currency;

	@Column(name = "updated_at")
	private Instant updatedAt;

	protected CatalogProduct() {
	}

	CatalogProduct(String sku) {
		this.sku = sku;
	}

	void update(String name, BigDecimal unitPrice, String currency) {
		this.name = name;
		this.unitPrice = unitPrice;
		this.currency = currency;
		this.updatedAt = Instant.now();
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
}
