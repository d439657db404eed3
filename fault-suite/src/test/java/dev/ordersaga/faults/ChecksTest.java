package dev.ordersaga.faults;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksTest {

	@Test
	void duplicatesAreCountedPerServiceAndARestartedServiceCountsFromItsRestart() {
		Map<String, Long> before = Map.of("order-service", 10L, "payment-service", 40_000L, "analytics-service", 5L);
		Map<String, Long> after = Map.of("order-service", 3L, "payment-service", 40_007L, "analytics-service", 5L,
				"inventory-service", 2L);

		// order-service restarted (3 since), payment-service skipped 7 more, inventory-service was down before
		assertThat(Checks.skippedBetween(before, after)).isEqualTo(3 + 7 + 0 + 2);
	}

	@Test
	void percentagesHaveOneDecimalAndNothingToCountIsAHundredPercent() {
		assertThat(Checks.percent(326, 326)).isEqualTo("100.0 %");
		assertThat(Checks.percent(322, 326)).isEqualTo("98.8 %");
		assertThat(Checks.percent(0, 0)).isEqualTo("100.0 %");
	}
}
