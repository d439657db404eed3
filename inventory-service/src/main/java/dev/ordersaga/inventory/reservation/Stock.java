package dev.ordersaga.inventory.reservation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.inventory.catalog.Product;
import dev.ordersaga.inventory.catalog.Products;

/**
 * The products a {@link StockOrder} reserves from and releases to. They are locked only when the
 * order asks for them, so an order with nothing to decide locks no product row.
 */
final class Stock {

	private final Function<Collection<String>, List<Product>> lock;

	/** @param lock locks and returns the products with the given skus */
	Stock(Function<Collection<String>, List<Product>> lock) {
		this.lock = lock;
	}

	/** @return the stock behind {@link Products#lockAll}, which locks in sku order */
	static Stock lockedIn(Products products) {
		return new Stock(products::lockAll);
	}

	/** @return the products with these skus, locked; a sku not in the catalogue maps to nothing */
	Map<String, @Nullable Product> lock(Collection<String> skus) {
		return lock.apply(skus).stream().collect(Collectors.toMap(Product::sku, Function.identity()));
	}
}
