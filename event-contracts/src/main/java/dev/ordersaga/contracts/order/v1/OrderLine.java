package dev.ordersaga.contracts.order.v1;

import java.math.BigDecimal;

/**
 * One line of an order, priced in the order's currency.
 *
 * @param sku the product, must not be {@literal null}
 * @param quantity units ordered, at least 1
 * @param unitPrice price of one unit when the order was placed, must not be {@literal null}
 */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {
}
