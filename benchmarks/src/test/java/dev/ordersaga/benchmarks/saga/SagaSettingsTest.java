package dev.ordersaga.benchmarks.saga;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SagaSettingsTest {

	@Test
	void defaultsToTheFullSweep() {
		SagaSettings settings = SagaSettings.from(Map.<String, String>of()::get);

		assertThat(settings.rates()).containsExactly(5, 10, 20, 50, 100, 200, 400, 800);
		assertThat(settings.step()).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.warmup()).isEqualTo(Duration.ofSeconds(60));
		assertThat(settings.drain()).isEqualTo(Duration.ofSeconds(120));
		assertThat(settings.idle()).isEqualTo(Duration.ofSeconds(60));
		assertThat(settings.targetP99()).isEqualTo(Duration.ofMillis(250));
		assertThat(settings.jfr()).isFalse();
		assertThat(settings.keepSuite()).isFalse();
		assertThat(settings.report()).isNull();
	}

	@Test
	void quickPicksAShortSweepAndExplicitPropertiesWin() {
		SagaSettings settings = SagaSettings.from(Map.of("bench.quick", "true", "bench.step-seconds", "5",
				"bench.report", "out.md", "bench.jfr", "true")::get);

		assertThat(settings.rates()).containsExactly(10, 20);
		assertThat(settings.step()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.warmup()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.idle()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.jfr()).isTrue();
		assertThat(settings.report()).isEqualTo(Path.of("out.md"));
	}

	@Test
	void ratesAreReadWithSpacesAndNoneWritesNoReport() {
		SagaSettings settings = SagaSettings.from(Map.of("bench.rates", " 5, 15 ,30", "bench.report", "none")::get);

		assertThat(settings.rates()).isEqualTo(List.of(5, 15, 30));
		assertThat(settings.report()).isNull();
	}

	@Test
	void badValuesAreRejectedWithThePropertyNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> SagaSettings.from(Map.of("bench.rates", "10,x")::get))
			.withMessageContaining("bench.rates");
		assertThatIllegalArgumentException().isThrownBy(() -> SagaSettings.from(Map.of("bench.rates", "50,20")::get))
			.withMessageContaining("ascending");
		assertThatIllegalArgumentException().isThrownBy(() -> SagaSettings.from(Map.of("bench.rates", "0,20")::get))
			.withMessageContaining("positive");
		assertThatIllegalArgumentException().isThrownBy(() -> SagaSettings.from(Map.of("bench.step-seconds", "0")::get))
			.withMessageContaining("bench.step-seconds");
		assertThatIllegalArgumentException().isThrownBy(() -> SagaSettings.from(Map.of("bench.customers", "many")::get))
			.withMessageContaining("bench.customers");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SagaSettings.from(Map.of("bench.warmup-seconds", "-1")::get))
			.withMessageContaining("bench.warmup-seconds");
		assertThatIllegalArgumentException().isThrownBy(() -> SagaSettings.from(Map.of("bench.idle-seconds", "-5")::get))
			.withMessageContaining("bench.idle-seconds");
	}

	@Test
	void idleSecondsOfZeroSkipTheIdleMeasurement() {
		assertThat(SagaSettings.from(Map.of("bench.idle-seconds", "0")::get).idle()).isZero();
	}
}
