package dev.ordersaga.contracts.order.v1;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The order will not be fulfilled. Payment refunds what it charged, inventory releases what it
 * reserved.
 *
 * @param orderId the order, must not be {@literal null}
 * @param customerId who ordered, must not be {@literal null}
 * @param reason why, must not be {@literal null}
 * @param total the order's total, must not be {@literal null}
 * @param currency ISO 4217 code, must not be {@literal null}
 */
public record OrderCancelled(UUID orderId, UUID customerId, CancellationReason reason, BigDecimal total,
		String currency) implements OrderEvent {
}
