package dev.ordersaga.contracts.payment.v1;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The customer's account was charged for the order.
 *
 * @param orderId the order, must not be {@literal null}
 * @param customerId whose account, must not be {@literal null}
 * @param paymentId the charge, must not be {@literal null}
 * @param amount what was charged, must not be {@literal null}
 * @param currency ISO 4217 code, must not be {@literal null}
 */
public record PaymentCompleted(UUID orderId, UUID customerId, UUID paymentId, BigDecimal amount, String currency)
		implements PaymentEvent {
}
