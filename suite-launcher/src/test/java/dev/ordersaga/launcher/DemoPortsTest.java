package dev.ordersaga.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DemoPortsTest {

	@Test
	void theDemoTalksToThePortsTheSuiteWasStartedWith() {
		assertThat(Demo.ports("18081 18082 18083 18084 18085")).containsExactly(
				org.assertj.core.api.Assertions.entry("order-service", 18081),
				org.assertj.core.api.Assertions.entry("payment-service", 18082),
				org.assertj.core.api.Assertions.entry("inventory-service", 18083),
				org.assertj.core.api.Assertions.entry("notification-service", 18084),
				org.assertj.core.api.Assertions.entry("analytics-service", 18085));
	}

	@Test
	void withoutPortsTheDemoUsesTheCataloguesOwn() {
		assertThat(Demo.ports("")).containsEntry("order-service", 8081).containsEntry("analytics-service", 8085);
	}

	@Test
	void aWrongNumberOfPortsIsRefusedNamingTheServices() {
		assertThatIllegalArgumentException().isThrownBy(() -> Demo.ports("8081 8082"))
			.withMessageContaining("order-service");
	}
}
