package dev.ordersaga.benchmarks.saga;

import java.util.LinkedHashMap;
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

	@Test
	void relayHopsQueryReadsEveryOutboxInOneStatementAndSkipsDiscardedRowsWhereTheyExist() {
		Map<String, Boolean> outboxes = new LinkedHashMap<>();
		outboxes.put("order-service", true);
		outboxes.put("payment-service", false);

		String query = Resources.relayHopsQuery(outboxes);

		assertThat(query).contains("FROM order_service.outbox_event", "FROM payment_service.outbox_event")
			.contains("GROUP BY GROUPING SETS ((service), ())")
			.contains("count(*) FILTER (WHERE millis > 100) AS slow")
			.doesNotContain("analytics_service");
		assertThat(query.split("\\?", -1)).as("the window's start and end per outbox").hasSize(2 * 2 + 1);
		assertThat(query.split("UNION ALL")).hasSize(2);
		assertThat(query.split("UNION ALL")[0]).contains("'order-service'").contains("AND discarded_at IS NULL");
		assertThat(query.split("UNION ALL")[1]).as("an older schema without the column")
			.contains("'payment-service'")
			.doesNotContain("discarded_at");
	}
}
