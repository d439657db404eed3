package dev.ordersaga.order.saga;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.ordersaga.contracts.order.v2.OrderPlaced;

import static org.assertj.core.api.Assertions.assertThat;

class SagaSettingsTest {

	OrderPlaced placed = OrderFixtures.placed().event();

	@Test
	void publishesOrderPlacedV2ByDefault() {
		assertThat(settings(2).inPublishedVersion(placed)).isSameAs(placed);
	}

	@Test
	void publishesOrderPlacedV1WhenSwitchedBack() {
		assertThat(settings(1).inPublishedVersion(placed)).isEqualTo(placed.toV1());
	}

	private static SagaSettings settings(int orderPlacedVersion) {
		return new SagaSettings(Duration.ofMinutes(5), Duration.ofSeconds(5), orderPlacedVersion);
	}
}
