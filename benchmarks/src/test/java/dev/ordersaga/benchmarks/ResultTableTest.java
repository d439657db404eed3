package dev.ordersaga.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ordersaga.benchmarks.ResultTable.Row;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {

	private static final LatencySummary LATENCY = new LatencySummary(1_000, 0, 1.25, 9.96, 42.4, 1_234.5);

	@Test
	void printsAHeaderAndOneLinePerRow() {
		ResultTable table = new ResultTable(List.of(Row.throughputOnly("(a) Kafka", 40_000, false),
				new Row("Outbox relay", 10_000.0, true, 2_000.0, LATENCY)), 40_000, 8_000);

		List<String> lines = table.markdown().lines().toList();

		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).startsWith("| Path | Throughput (events/s) |");
		assertThat(lines.get(1)).isEqualTo("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
	}

	@Test
	void showsThroughputAsAShareOfEachCeiling() {
		ResultTable table = new ResultTable(List.of(new Row("Outbox relay", 10_000.0, true, 2_000.0, LATENCY)),
				40_000, 8_000);

		assertThat(table.markdown().lines().toList().get(2))
			.isEqualTo("| Outbox relay | 10,000 | 25 % | 125 % | 2,000 | 1.3 | 10.0 | 42 | 1,235 |");
	}

	@Test
	void leavesCellsOfUnmeasuredFiguresEmptyWithADash() {
		ResultTable table = new ResultTable(List.of(Row.throughputOnly("(b) PostgreSQL", 8_000, false)), 40_000,
				8_000);

		assertThat(table.markdown().lines().toList().get(2))
			.isEqualTo("| (b) PostgreSQL | 8,000 | – | – | – | – | – | – | – |");
	}

	@Test
	void namesEventsThatNeverArrived() {
		LatencySummary lossy = new LatencySummary(990, 10, 1, 2, 3, 4);
		ResultTable table = new ResultTable(List.of(new Row("Peer", 500.0, true, 500.0, lossy)), 1_000, 1_000);

		assertThat(table.markdown()).contains("| Peer (10 events never arrived) | 500 | 50 % | 50 % |");
	}
}
