package dev.ordersaga.contracts.payment.v1;

import dev.ordersaga.contracts.IntegrationEvent;

/** The events payment-service publishes on {@code payments.v1}, contract version 1. */
public sealed interface PaymentEvent extends IntegrationEvent permits PaymentCompleted, PaymentFailed, PaymentRefunded {
}
