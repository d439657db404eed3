package dev.ordersaga.order.saga;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.ordersaga.contracts.IntegrationEvent;
import dev.ordersaga.contracts.order.v2.OrderPlaced;

/**
 * The order saga's settings, under {@code order.saga}.
 *
 * @param timeout how long an order may stay open before it is cancelled with reason TIMEOUT; a business
 * deadline, long enough by default (5 minutes) that a service restarting or a broker failing over does
 * not cancel the orders waiting on it
 * @param timeoutCheckInterval how often overdue orders are looked for
 * @param orderPlacedVersion the contract version of published OrderPlaced events, 1 or 2
 */
@ConfigurationProperties("order.saga")
public record SagaSettings(@DefaultValue("5m") Duration timeout, @DefaultValue("5s") Duration timeoutCheckInterval,
		@DefaultValue("2") int orderPlacedVersion) {

	public SagaSettings {
		if (orderPlacedVersion != 1 && orderPlacedVersion != 2) {
			throw new IllegalArgumentException("order.saga.order-placed-version must be 1 or 2, was " + orderPlacedVersion);
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("order.saga.timeout must be positive, was " + timeout);
		}
	}

	/** @return the event in the contract version the producer is set to publish */
	IntegrationEvent inPublishedVersion(OrderPlaced event) {
		return orderPlacedVersion == 1 ? event.toV1() : event;
	}
}
