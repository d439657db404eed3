package dev.ordersaga.contracts.inventory.v1;

/**
 * A line that could not be reserved.
 *
 * @param sku the product, must not be {@literal null}
 * @param requested units the order asked for, at least 1
 * @param available units that were available, at least 0
 */
public record Shortage(String sku, int requested, int available) {
}
