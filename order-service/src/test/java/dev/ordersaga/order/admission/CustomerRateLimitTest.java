package dev.ordersaga.order.admission;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomerRateLimitTest {

	SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void aCustomerPlacesABurstThenIsToldWhenTheNextOrderIsAllowed() {
		CustomerRateLimit limit = limit(true, 3, 6);
		UUID customer = UUID.randomUUID();

		for (int i = 0; i < 3; i++) {
			limit.take(customer);
		}

		assertThatThrownBy(() -> limit.take(customer)).isInstanceOfSatisfying(CustomerRateLimit.TooFast.class,
				tooFast -> {
					// 6 a minute: the next order is allowed within 10 s
					assertThat(tooFast.retryAfterSeconds()).isBetween(1L, 11L);
					assertThat(tooFast.getMessage()).contains("3 orders at once", "6 a minute");
				});
		assertThat(meters.get("orders.rate.limited").counter().count()).isEqualTo(1);
	}

	@Test
	void oneCustomersBurstLeavesAnotherCustomersAllowanceWhole() {
		CustomerRateLimit limit = limit(true, 2, 1);
		UUID greedy = UUID.randomUUID();
		limit.take(greedy);
		limit.take(greedy);
		assertThatThrownBy(() -> limit.take(greedy)).isInstanceOf(CustomerRateLimit.TooFast.class);

		UUID other = UUID.randomUUID();
		assertThatNoException().isThrownBy(() -> {
			limit.take(other);
			limit.take(other);
		});
	}

	@Test
	void switchedOffItLimitsNobody() {
		CustomerRateLimit limit = limit(false, 1, 1);
		UUID customer = UUID.randomUUID();

		assertThatNoException().isThrownBy(() -> {
			for (int i = 0; i < 100; i++) {
				limit.take(customer);
			}
		});
	}

	@Test
	void settingsBelowOneAreRefusedAtStart() {
		assertThatThrownBy(() -> new AdmissionSettings.PerCustomer(true, 0, 60, 10))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("burst (0)");
	}

	private CustomerRateLimit limit(boolean enabled, int burst, int perMinute) {
		return new CustomerRateLimit(new AdmissionSettings(true, 100, Duration.ofMillis(100), Duration.ofSeconds(1),
				new AdmissionSettings.PerCustomer(enabled, burst, perMinute, 1_000)), meters);
	}
}
