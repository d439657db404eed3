package dev.ordersaga.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class InfrastructureModeTest {

	@Test
	void autoPicksContainersWhenDockerAnswers() {
		assertThat(InfrastructureMode.select(null, () -> true)).isEqualTo(InfrastructureMode.CONTAINERS);
		assertThat(InfrastructureMode.select("AUTO", () -> true)).isEqualTo(InfrastructureMode.CONTAINERS);
	}

	@Test
	void autoPicksLocalWhenDockerDoesNotAnswer() {
		assertThat(InfrastructureMode.select("", () -> false)).isEqualTo(InfrastructureMode.LOCAL);
	}

	@Test
	void localIsHonouredEvenWhenDockerAnswers() {
		assertThat(InfrastructureMode.select("local", () -> true)).isEqualTo(InfrastructureMode.LOCAL);
	}

	@Test
	void containersWithoutDockerFailsWithAHint() {
		assertThatIllegalStateException().isThrownBy(() -> InfrastructureMode.select("containers", () -> false))
			.withMessageContaining("no Docker engine")
			.withMessageContaining(InfrastructureMode.PROPERTY + "=local");
	}

	@Test
	void unknownValueFailsListingTheAllowedOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> InfrastructureMode.select("kubernetes", () -> true))
			.withMessageContaining("kubernetes")
			.withMessageContaining("[auto, containers, local]");
	}
}
