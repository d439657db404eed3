package dev.ordersaga.benchmarks.saga;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResourcesTest {

	@Test
	void heapInUseIsTheSumOfTheHeapPoolsOnly() {
		String prometheus = """
				# HELP jvm_memory_used_bytes The amount of used memory
				# TYPE jvm_memory_used_bytes gauge
				jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7
				jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 3.0E7
				jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
				jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 4.0E8
				""";

		assertThat(Resources.heapUsed(prometheus)).isEqualTo(42_000_000L);
		assertThat(Resources.heapUsed("process_uptime_seconds 3.0")).isNull();
	}

	@Test
	void cpuPercentIsTicksPerSecondWithOneCoreAsAHundred() {
		Map<String, Double> percent = Resources.cpuPercent(Map.of("postgres", 1_000L, "kafka", 50L),
				Map.of("postgres", 2_500L, "kafka", 50L, "restarted", 30L), 10);

		assertThat(percent.get("postgres")).isCloseTo(150.0, within(0.001));
		assertThat(percent.get("kafka")).isZero();
		assertThat(percent.get("restarted")).as("no earlier reading: nothing to compare with").isZero();
	}
}
