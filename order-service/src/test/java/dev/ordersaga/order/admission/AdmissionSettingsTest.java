package dev.ordersaga.order.admission;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AdmissionSettingsTest {

	@Test
	void retryAfterIsRoundedUpToWholeSecondsAndNeverZero() {
		assertThat(settings(100, Duration.ofMillis(1500)).retryAfterSeconds()).isEqualTo(2);
		assertThat(settings(100, Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
		assertThat(settings(100, Duration.ofSeconds(3)).retryAfterSeconds()).isEqualTo(3);
	}

	@Test
	void aLimitThatAdmitsNothingOrNoRetryDelayIsRefusedWithTheSettingsName() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(0, Duration.ofSeconds(1)))
			.withMessageContaining("order.admission.max-open-orders");
		assertThatIllegalArgumentException().isThrownBy(() -> settings(100, Duration.ZERO))
			.withMessageContaining("order.admission.retry-after");
	}

	private static AdmissionSettings settings(int maxOpenOrders, Duration retryAfter) {
		return new AdmissionSettings(true, maxOpenOrders, Duration.ofMillis(100), retryAfter,
				new AdmissionSettings.PerCustomer(true, 30, 60, 100_000));
	}
}
