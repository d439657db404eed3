package dev.ordersaga.notification.notice;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NotificationSettingsTest {

	@Test
	void backoffDoublesPerFailureUpToTheMaximum() {
		NotificationSettings settings = settings(Duration.ofSeconds(1), Duration.ofSeconds(10));

		assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.backoffAfter(4)).isEqualTo(Duration.ofSeconds(8));
		assertThat(settings.backoffAfter(5)).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.backoffAfter(1_000)).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void defaultRecipientNamesTheCustomer() {
		UUID customer = UUID.randomUUID();

		assertThat(settings(Duration.ofSeconds(1), Duration.ofSeconds(1)).defaultRecipientFor(customer))
			.isEqualTo(customer + "@customers.example");
	}

	@Test
	void backoffLongerThanItsMaximumIsRejectedNamingBothSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(Duration.ofMinutes(5), Duration.ofSeconds(1)))
			.withMessageContaining("notification.initial-backoff")
			.withMessageContaining("notification.max-backoff");
	}

	private static NotificationSettings settings(Duration initialBackoff, Duration maxBackoff) {
		return new NotificationSettings("shop@example", "{customerId}@customers.example", "example", Duration.ZERO,
				Duration.ofMillis(100), initialBackoff, maxBackoff);
	}
}
