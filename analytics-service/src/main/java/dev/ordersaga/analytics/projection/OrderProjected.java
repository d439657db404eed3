package dev.ordersaga.analytics.projection;

import java.util.UUID;

/**
 * An event of this order was applied to the read models, in the transaction that publishes this
 * (a Spring application event, not an integration event). Listen with
 * {@code @TransactionalEventListener} to see the order as that transaction committed it.
 *
 * @param orderId the order, never {@literal null}
 */
public record OrderProjected(UUID orderId) {
}
