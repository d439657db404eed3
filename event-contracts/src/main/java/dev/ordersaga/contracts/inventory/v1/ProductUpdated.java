package dev.ordersaga.contracts.inventory.v1;

import java.math.BigDecimal;

/**
 * A product was created or changed. order-service prices orders from its own view built from these.
 *
 * @param sku the product, must not be {@literal null}
 * @param name its display name, must not be {@literal null}
 * @param unitPrice price of one unit, must not be {@literal null}
 * @param currency ISO 4217 code, must not be {@literal null}
 */
public record ProductUpdated(String sku, String name, BigDecimal unitPrice, String currency) implements InventoryEvent {
}
