package dev.ordersaga.inventory.catalog;

import java.math.BigDecimal;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.contracts.inventory.v1.ProductUpdated;
import dev.ordersaga.messaging.outbox.Outbox;

/** Creates and changes products, and tells the other services through ProductUpdated. */
@Service
public class Catalog {

	private final Products products;

	private final Outbox outbox;

	Catalog(Products products, Outbox outbox) {
		this.products = products;
		this.outbox = outbox;
	}

	/**
	 * Creates the product or replaces its name, price, currency and available stock; units already
	 * reserved by orders stay reserved.
	 * @return whether the product is new
	 */
	@Transactional
	public boolean put(String sku, String name, BigDecimal unitPrice, String currency, int available) {
		Product product = products.lockAll(java.util.List.of(sku)).stream().findFirst().orElse(null);
		boolean created = product == null;
		if (created) {
			product = new Product(sku, name, unitPrice, currency, available);
		}
		else {
			product.update(name, unitPrice, currency, available);
		}
		products.save(product);
		outbox.append(new ProductUpdated(sku, name, unitPrice, currency));
		return created;
	}
}
