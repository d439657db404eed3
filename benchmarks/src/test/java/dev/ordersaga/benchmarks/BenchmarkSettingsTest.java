package dev.ordersaga.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkSettingsTest {

	@Test
	void defaultsToTheFullRun() {
		BenchmarkSettings settings = BenchmarkSettings.from(Map.<String, String>of()::get);

		assertThat(settings.quick()).isFalse();
		assertThat(settings.backlog()).isEqualTo(20_000);
		assertThat(settings.rate()).isEqualTo(2_000);
		assertThat(settings.steady()).isEqualTo(Duration.ofSeconds(15));
		assertThat(settings.modulithExecutorThreads()).isEqualTo(8);
		assertThat(settings.report()).isNull();
	}

	@Test
	void quickModeShrinksEveryPhase() {
		BenchmarkSettings settings = BenchmarkSettings.from(Map.of("bench.quick", "true")::get);

		assertThat(settings.backlog()).isLessThan(20_000);
		assertThat(settings.rate()).isLessThan(2_000);
		assertThat(settings.steady()).isLessThan(Duration.ofSeconds(15));
		assertThat(settings.ceiling()).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void explicitPropertiesWinOverQuickDefaults() {
		BenchmarkSettings settings = BenchmarkSettings.from(Map.of("bench.quick", "true", "bench.backlog", "50_000",
				"bench.steady-seconds", "30", "bench.report", "target/out.md")::get);

		assertThat(settings.backlog()).isEqualTo(50_000);
		assertThat(settings.steady()).isEqualTo(Duration.ofSeconds(30));
		assertThat(settings.report()).isEqualTo(Path.of("target/out.md"));
	}

	@Test
	void reportNoneWritesNoFile() {
		assertThat(BenchmarkSettings.from(Map.of("bench.report", "none")::get).report()).isNull();
	}

	@Test
	void rejectsValuesThatAreNotPositiveWholeNumbers() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkSettings.from(Map.of("bench.rate", "fast")::get))
			.withMessageContaining("bench.rate");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkSettings.from(Map.of("bench.threads", "0")::get))
			.withMessageContaining("bench.threads");
	}
}
