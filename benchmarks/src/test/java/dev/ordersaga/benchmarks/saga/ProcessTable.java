package dev.ordersaga.benchmarks.saga;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time and resident memory of a process together with all its descendants (PostgreSQL is a
 * postmaster and one backend per connection), read from Linux's {@code /proc}.
 */
final class ProcessTable {

	/** Clock ticks per second of {@code /proc/PID/stat}'s CPU times; 100 on every Linux this runs on. */
	static final long TICKS_PER_SECOND = 100;

	private static final long PAGE_BYTES = 4096;

	/**
	 * One line of {@code /proc/PID/stat}.
	 * @param pid the process
	 * @param parent its parent
	 * @param cpuTicks user plus system time so far, its own and its waited-for children's
	 * @param residentBytes its resident set
	 */
	record Stat(long pid, long parent, long cpuTicks, long residentBytes) {

		/**
		 * @param pid the process the line belongs to
		 * @param line the file's content; the command name in parentheses may hold spaces and parentheses
		 * @return the parsed figures
		 * @throws IllegalArgumentException when the line is not a stat line
		 */
		static Stat parse(long pid, String line) {
			int close = line.lastIndexOf(')');
			if (close < 0) {
				throw new IllegalArgumentException("Not a /proc/PID/stat line: " + line);
			}
			// After the command: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17) … rss(24),
			// numbered as in proc(5). The children's times keep the CPU of a PostgreSQL backend that ended
			// (its parent waited for it) in the tree's total.
			String[] fields = line.substring(close + 2).trim().split(" ");
			if (fields.length < 22) {
				throw new IllegalArgumentException("Not a /proc/PID/stat line: " + line);
			}
			long ticks = 0;
			for (int field = 11; field <= 14; field++) {
				ticks += Long.parseLong(fields[field]);
			}
			return new Stat(pid, Long.parseLong(fields[1]), ticks, Long.parseLong(fields[21]) * PAGE_BYTES);
		}
	}

	/**
	 * One process tree's usage.
	 * @param cpuTicks CPU time of the process and its descendants that are alive now
	 * @param residentBytes their resident sets, summed
	 */
	record Usage(long cpuTicks, long residentBytes) {

		static final Usage NONE = new Usage(0, 0);
	}

	private final Path proc;

	ProcessTable(Path proc) {
		this.proc = proc;
	}

	static ProcessTable system() {
		return new ProcessTable(Path.of("/proc"));
	}

	/**
	 * @param roots the processes to measure, by name
	 * @return each one's usage with its descendants; {@link Usage#NONE} for a process that is gone
	 */
	Map<String, Usage> usage(Map<String, Long> roots) {
		Map<Long, Stat> stats = readAll();
		Map<Long, List<Long>> children = new HashMap<>();
		stats.values().forEach(stat -> children.computeIfAbsent(stat.parent(), key -> new ArrayList<>()).add(stat.pid()));
		Map<String, Usage> usage = new HashMap<>();
		roots.forEach((name, root) -> {
			long ticks = 0;
			long resident = 0;
			Deque<Long> pending = new ArrayDeque<>(List.of(root));
			while (!pending.isEmpty()) {
				Stat stat = stats.get(pending.pop());
				if (stat != null) {
					ticks += stat.cpuTicks();
					resident += stat.residentBytes();
					pending.addAll(children.getOrDefault(stat.pid(), List.of()));
				}
			}
			usage.put(name, stats.containsKey(root) ? new Usage(ticks, resident) : Usage.NONE);
		});
		return usage;
	}

	private Map<Long, Stat> readAll() {
		Map<Long, Stat> stats = new HashMap<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
			for (Path entry : entries) {
				long pid = Long.parseLong(entry.getFileName().toString());
				try {
					stats.put(pid, Stat.parse(pid, Files.readString(entry.resolve("stat"), StandardCharsets.UTF_8)));
				}
				catch (IOException | IllegalArgumentException ex) {
					// The process ended between the listing and the read.
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + proc, ex);
		}
		return stats;
	}
}
