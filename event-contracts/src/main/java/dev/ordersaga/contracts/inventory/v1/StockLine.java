package dev.ordersaga.contracts.inventory.v1;

/**
 * A quantity of one product.
 *
 * @param sku the product, must not be {@literal null}
 * @param quantity units, at least 1
 */
public record StockLine(String sku, int quantity) {
}
