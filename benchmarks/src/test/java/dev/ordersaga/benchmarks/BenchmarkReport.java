package dev.ordersaga.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the results go besides stdout: the section between two markers of a Markdown file (the
 * rest of the file is written by hand and left alone), plus the description of the machine they
 * were measured on. Each benchmark owns one section, named by its markers.
 */
public final class BenchmarkReport {

	/** The relay benchmark's section. */
	public static final BenchmarkReport RELAY = new BenchmarkReport("relay-benchmark", "RelayBenchmark");

	/** The saga load benchmark's section. */
	public static final BenchmarkReport SAGA = new BenchmarkReport("saga-benchmark",
			"saga.SagaLoadBenchmark");

	private final String begin;

	private final String end;

	private BenchmarkReport(String name, String writer) {
		this.begin = "<!-- " + name + ":begin (written by " + writer + "; edits here are overwritten) -->";
		this.end = "<!-- " + name + ":end -->";
	}

	String begin() {
		return begin;
	}

	String end() {
		return end;
	}

	/**
	 * @param document the file's current text, empty when it does not exist yet
	 * @param section the generated results, must not be {@literal null}
	 * @return the document with the text between the markers replaced by the section; the section
	 * with its markers appended when the document has no markers yet
	 * @throws IllegalArgumentException when the markers are out of order
	 */
	String withSection(String document, String section) {
		String marked = begin + "\n" + section.strip() + "\n" + end;
		int from = document.indexOf(begin);
		int to = document.indexOf(end);
		if (from < 0 && to < 0) {
			String prefix = document.isBlank() ? "# Benchmarks\n" : document.stripTrailing() + "\n";
			return prefix + "\n" + marked + "\n";
		}
		if (from < 0 || to < from) {
			throw new IllegalArgumentException("The results markers are missing or out of order: " + begin + " … " + end);
		}
		return document.substring(0, from) + marked + document.substring(to + end.length());
	}

	/** Rewrites this benchmark's section of the file, creating the file when needed. */
	public void write(Path file, String section) throws IOException {
		String document = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Files.writeString(file, withSection(document, section), StandardCharsets.UTF_8);
	}

	/** @return the outputs of {@code nproc}, {@code free -g} and {@code java -version}, as a code block */
	public static String machine() {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		StringBuilder text = new StringBuilder("```\n");
		for (List<String> command : List.of(List.of("nproc"), List.of("free", "-g"), List.of(java, "-version"))) {
			text.append("$ ").append(String.join(" ", command).replace(java, "java")).append('\n');
			text.append(run(command).stripTrailing()).append('\n');
		}
		text.append("$ grep -m1 'model name' /proc/cpuinfo\n").append(run(List.of("grep", "-m1", "model name",
				"/proc/cpuinfo")).stripTrailing()).append('\n');
		return text.append("```\n").toString();
	}

	/** @return the current commit, with {@code -dirty} when the work tree has changes; "unknown" without git */
	public static String commit() {
		String head = run(List.of("git", "rev-parse", "--short", "HEAD")).strip();
		if (head.isEmpty() || head.startsWith("(")) {
			return "unknown";
		}
		return run(List.of("git", "status", "--porcelain")).isBlank() ? head : head + "-dirty";
	}

	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			try (InputStream output = process.getInputStream()) {
				String text = new String(output.readAllBytes(), StandardCharsets.UTF_8);
				if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
					return "(" + String.join(" ", command) + " failed) " + text;
				}
				return text;
			}
		}
		catch (IOException ex) {
			return "(" + String.join(" ", command) + " is not available)";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "(interrupted)";
		}
	}
}
