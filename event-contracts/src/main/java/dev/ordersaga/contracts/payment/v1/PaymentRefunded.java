package dev.ordersaga.contracts.payment.v1;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A charge was returned to the customer's account.
 *
 * @param orderId the order, must not be {@literal null}
 * @param customerId whose account, must not be {@literal null}
 * @param paymentId the charge that was refunded, must not be {@literal null}
 * @param amount what was returned, must not be {@literal null}
 * @param currency ISO 4217 code, must not be {@literal null}
 * @param reason why, must not be {@literal null}
 */
public record PaymentRefunded(UUID orderId, UUID customerId, UUID paymentId, BigDecimal amount, String currency,
		RefundReason reason) implements PaymentEvent {
}
