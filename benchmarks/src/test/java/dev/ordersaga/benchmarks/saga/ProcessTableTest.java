package dev.ordersaga.benchmarks.saga;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProcessTableTest {

	@Test
	void statLineWithSpacesAndParenthesesInTheCommandIsParsedFromItsLastParenthesis() {
		ProcessTable.Stat stat = ProcessTable.Stat.parse(42,
				"42 (java (main) x) S 7 42 42 0 -1 4194304 99 0 1 0 120 30 5 2 20 0 1 0 1135858 3133440 385 1844 0");

		assertThat(stat).isEqualTo(new ProcessTable.Stat(42, 7, 120 + 30 + 5 + 2, 385 * 4096L));
	}

	@Test
	void aLineThatIsNotAStatLineIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProcessTable.Stat.parse(1, "no command here"));
		assertThatIllegalArgumentException().isThrownBy(() -> ProcessTable.Stat.parse(1, "1 (short) S 0 1"));
	}

	@Test
	void usageSumsAProcessWithAllItsDescendantsAndNothingElse(@TempDir Path proc) throws IOException {
		stat(proc, 10, 1, 100, 10); // postmaster
		stat(proc, 11, 10, 20, 5); // a backend
		stat(proc, 12, 11, 3, 1); // its child
		stat(proc, 20, 1, 500, 50); // somebody else
		Files.createDirectories(proc.resolve("self"));

		Map<String, ProcessTable.Usage> usage = new ProcessTable(proc).usage(Map.of("postgres", 10L, "gone", 99L));

		assertThat(usage).containsEntry("postgres", new ProcessTable.Usage(123, 16 * 4096L))
			.containsEntry("gone", ProcessTable.Usage.NONE);
	}

	@Test
	void readsThisMachinesOwnProcess() {
		long self = ProcessHandle.current().pid();

		ProcessTable.Usage usage = ProcessTable.system().usage(Map.of("self", self)).get("self");

		assertThat(usage.cpuTicks()).isPositive();
		assertThat(usage.residentBytes()).isGreaterThan(1024 * 1024);
	}

	private static void stat(Path proc, long pid, long parent, long ticks, long pages) throws IOException {
		Path folder = Files.createDirectories(proc.resolve(Long.toString(pid)));
		Files.writeString(folder.resolve("stat"), pid + " (p" + pid + ") S " + parent + " 0 0 0 -1 0 0 0 0 0 " + ticks
				+ " 0 0 0 20 0 1 0 100 1000 " + pages + " 0 0");
	}
}
