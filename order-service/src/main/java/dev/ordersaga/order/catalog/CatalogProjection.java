package dev.ordersaga.order.catalog;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.contracts.inventory.v1.ProductUpdated;
import dev.ordersaga.messaging.inbox.IntegrationEventHandler;

/** Keeps order-service's catalogue in step with inventory's. */
@Component
class CatalogProjection {

	private final CatalogProducts products;

	CatalogProjection(CatalogProducts products) {
		this.products = products;
	}

	@IntegrationEventHandler
	@Transactional
	void on(ProductUpdated event) {
		CatalogProduct product = products.findById(event.sku()).orElseGet(() -> new CatalogProduct(event.sku()));
		product.update(event.name(), event.unitPrice(), event.currency());
		products.save(product);
	}
}
