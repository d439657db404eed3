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
		String document = "# Benchmarks\n\nHow to run.\n\n" + BenchmarkReport.BEGIN + "\nold table\n"
				+ BenchmarkReport.END + "\n\nWritten by hand.\n";

		String updated = BenchmarkReport.withSection(document, "new table\n");

		assertThat(updated).isEqualTo("# Benchmarks\n\nHow to run.\n\n" + BenchmarkReport.BEGIN + "\nnew table\n"
				+ BenchmarkReport.END + "\n\nWritten by hand.\n");
	}

	@Test
	void appendsTheSectionToADocumentWithoutMarkers() {
		String updated = BenchmarkReport.withSection("# Benchmarks\n\nIntro.\n", "table");

		assertThat(updated).isEqualTo("# Benchmarks\n\nIntro.\n\n" + BenchmarkReport.BEGIN + "\ntable\n"
				+ BenchmarkReport.END + "\n");
	}

	@Test
	void rejectsMarkersOutOfOrder() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkReport
			.withSection(BenchmarkReport.END + "\n" + BenchmarkReport.BEGIN + "\n", "table"));
	}

	@Test
	void createsTheFileWithATitleWhenItDoesNotExist(@TempDir Path directory) throws IOException {
		Path file = directory.resolve("docs/benchmarks.md");

		BenchmarkReport.write(file, "table");
		BenchmarkReport.write(file, "second table");

		assertThat(Files.readString(file)).isEqualTo("# Benchmarks\n\n" + BenchmarkReport.BEGIN + "\nsecond table\n"
				+ BenchmarkReport.END + "\n");
	}
}
