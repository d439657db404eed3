package dev.ordersaga.messaging;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingContextTest {

	@Test
	void nestedScopeRestoresTheEnclosingOneWhenClosed() {
		UUID causation = UUID.randomUUID();
		try (MessagingContext.Scope outer = MessagingContext.open("request-1", null)) {
			try (MessagingContext.Scope inner = MessagingContext.open("saga-7", causation)) {
				assertThat(MessagingContext.current()).containsSame(inner);
				assertThat(MDC.get("correlationId")).isEqualTo("saga-7");
			}
			assertThat(MessagingContext.current()).containsSame(outer);
			assertThat(MDC.get("correlationId")).isEqualTo("request-1");
		}
		assertThat(MessagingContext.current()).isEmpty();
		assertThat(MDC.get("correlationId")).isNull();
	}

	@Test
	void keepsASaneCorrelationIdAndReplacesAnythingElse() {
		assertThat(MessagingContext.sanitize("checkout-42:a.b_c")).isEqualTo("checkout-42:a.b_c");
		assertThat(MessagingContext.sanitize("evil\r\nheader")).isNotEqualTo("evil\r\nheader").hasSize(36);
		assertThat(MessagingContext.sanitize("x".repeat(101))).hasSize(36);
		assertThat(MessagingContext.sanitize(null)).hasSize(36);
	}
}
