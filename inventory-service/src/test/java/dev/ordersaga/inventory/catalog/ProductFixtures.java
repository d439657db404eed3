package dev.ordersaga.inventory.catalog;

import java.math.BigDecimal;

/** Products for unit tests, created the way the catalogue creates them. */
public final class ProductFixtures {

	private ProductFixtures() {
	}

	/** @return a product with {@code available} units and none reserved */
	public static Product product(String sku, int available) {
		return new Product(sku, "Product " + sku, new BigDecimal("2.50"), "EUR", available);
	}
}
