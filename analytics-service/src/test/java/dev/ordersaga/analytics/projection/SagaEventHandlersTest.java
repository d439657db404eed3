package dev.ordersaga.analytics.projection;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.inbox.EventHandlers;

import static org.assertj.core.api.Assertions.assertThat;

class SagaEventHandlersTest {

	@Test
	void everySagaEventIsProjectedFromItsTopic() {
		assertThat(SagaProjection.eventTypes()).containsExactlyInAnyOrder("OrderPlaced", "OrderConfirmed",
				"OrderCancelled", "PaymentCompleted", "PaymentFailed", "PaymentRefunded", "InventoryReserved",
				"InventoryReservationFailed", "InventoryReleased", "NotificationSent");
		assertThat(SagaProjection.topics()).containsExactlyInAnyOrder(Topics.ORDERS.name(), Topics.PAYMENTS.name(),
				Topics.INVENTORY.name(), Topics.NOTIFICATIONS.name());
	}

	@Test
	void inboxConsumerAndRebuildProjectTheSameEventTypes() {
		EventHandlers handlers = EventHandlers.discover(List.of(new SagaEventHandlers(null)));

		assertThat(handlers.eventTypes()).containsExactlyInAnyOrderElementsOf(SagaProjection.eventTypes());
		assertThat(handlers.topics()).containsExactlyInAnyOrderElementsOf(SagaProjection.topics());
	}
}
