package dev.ordersaga.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkReportTest {

	@Test
	void replacesOnlyTheTextBetweenTheMarkers() {
		String document = "# Benchmarks\n\nHow to run.\n\n" + BenchmarkReport.RELAY.begin() + "\nold table\n"
				+ BenchmarkReport.RELAY.end() + "\n\nWritten by hand.\n";

		String updated = BenchmarkReport.RELAY.withSection(document, "new table\n");

		assertThat(updated).isEqualTo("# Benchmarks\n\nHow to run.\n\n" + BenchmarkReport.RELAY.begin() + "\nnew table\n"
				+ BenchmarkReport.RELAY.end() + "\n\nWritten by hand.\n");
	}

	@Test
	void appendsTheSectionToADocumentWithoutMarkers() {
		String updated = BenchmarkReport.RELAY.withSection("# Benchmarks\n\nIntro.\n", "table");

		assertThat(updated).isEqualTo("# Benchmarks\n\nIntro.\n\n" + BenchmarkReport.RELAY.begin() + "\ntable\n"
				+ BenchmarkReport.RELAY.end() + "\n");
	}

	@Test
	void rejectsMarkersOutOfOrder() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkReport.RELAY
			.withSection(BenchmarkReport.RELAY.end() + "\n" + BenchmarkReport.RELAY.begin() + "\n", "table"));
	}

	@Test
	void createsTheFileWithATitleWhenItDoesNotExist(@TempDir Path directory) throws IOException {
		Path file = directory.resolve("docs/benchmarks.md");

		BenchmarkReport.RELAY.write(file, "table");
		BenchmarkReport.RELAY.write(file, "second table");

		assertThat(Files.readString(file)).isEqualTo("# Benchmarks\n\n" + BenchmarkReport.RELAY.begin() + "\nsecond table\n"
				+ BenchmarkReport.RELAY.end() + "\n");
	}

	@Test
	void eachBenchmarkRewritesOnlyItsOwnSection(@TempDir Path folder) throws IOException {
		Path file = folder.resolve("benchmarks.md");
		BenchmarkReport.RELAY.write(file, "relay table");
		BenchmarkReport.SAGA.write(file, "saga table");
		BenchmarkReport.SAGA.write(file, "second saga table");

		assertThat(Files.readString(file)).contains("relay table")
			.contains(BenchmarkReport.SAGA.begin() + "\nsecond saga table\n" + BenchmarkReport.SAGA.end())
			.doesNotContain("\nsaga table");
	}
}
