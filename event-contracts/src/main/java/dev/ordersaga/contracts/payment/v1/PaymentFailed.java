package dev.ordersaga.contracts.payment.v1;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The charge was declined; nothing was taken.
 *
 * @param orderId the order, must not be {@literal null}
 * @param customerId whose account, must not be {@literal null}
 * @param amount what was asked for, must not be {@literal null}
 * @param currency ISO 4217 code, must not be {@literal null}
 * @param reason why it was declined, must not be {@literal null}
 */
public record PaymentFailed(UUID orderId, UUID customerId, BigDecimal amount, String currency,
		PaymentFailureReason reason) implements PaymentEvent {
}
