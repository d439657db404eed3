package dev.ordersaga.contracts.order.v1;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The order is paid and its stock reserved: the saga ended well.
 *
 * @param orderId the order, must not be {@literal null}
 * @param customerId who paid, must not be {@literal null}
 * @param total what was charged, must not be {@literal null}
 * @param currency ISO 4217 code, must not be {@literal null}
 */
public record OrderConfirmed(UUID orderId, UUID customerId, BigDecimal total, String currency) implements OrderEvent {
}
