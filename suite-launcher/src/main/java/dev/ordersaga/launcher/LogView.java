package dev.ordersaga.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code LogView <file> [-f]}: prints a service's structured log (Spring Boot's ECS JSON, one event
 * a line, as {@code ./suite} has the services write it) for people: time, level, thread, logger
 * and message, then the saga's keys ({@code orderId}, {@code eventId}, {@code correlationId},
 * {@code traceId}) and the stack trace when there is one. A line that is not JSON (a JVM's own
 * output) is printed as it is. {@code -f} keeps following the file as it grows, like {@code tail -f}.
 */
public final class LogView {

	/** The MDC keys worth a look, in the order they are printed. */
	static final List<String> KEYS = List.of("orderId", "eventId", "correlationId", "traceId");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private LogView() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		if (args.length < 1) {
			System.err.println("usage: LogView <file> [-f]");
			System.exit(2);
		}
		Path file = Path.of(args[0]);
		boolean follow = args.length > 1 && args[1].equals("-f");
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			PrintStream out = System.out;
			while (true) {
				String line = reader.readLine();
				if (line != null) {
					out.println(format(line));
				}
				else if (follow) {
					out.flush();
					Thread.sleep(250);
				}
				else {
					return;
				}
			}
		}
	}

	/**
	 * @param line one line of a log file, must not be {@literal null}
	 * @return the line for people: its fields if it is a JSON log event, the line itself otherwise
	 */
	static String format(String line) {
		if (!line.startsWith("{")) {
			return line;
		}
		JsonNode event;
		try {
			event = JSON.readTree(line);
		}
		catch (JacksonException ex) {
			return line;
		}
		if (!event.isObject() || !event.has("@timestamp")) {
			return line;
		}
		StringBuilder text = new StringBuilder();
		text.append(text(event, "@timestamp"))
			.append(' ')
			.append(String.format("%-5s", text(event, "log.level")))
			.append(" [")
			.append(text(event, "process.thread.name"))
			.append("] ")
			.append(shortened(text(event, "log.logger")))
			.append(" : ")
			.append(text(event, "message"));
		StringBuilder keys = new StringBuilder();
		for (String key : KEYS) {
			String value = text(event, key);
			if (value.isEmpty() && key.equals("traceId")) {
				value = text(event, "trace.id");
			}
			if (!value.isEmpty()) {
				keys.append(keys.isEmpty() ? "" : " ").append(key).append('=').append(value);
			}
		}
		if (!keys.isEmpty()) {
			text.append("  {").append(keys).append('}');
		}
		String stackTrace = text(event, "error.stack_trace");
		if (!stackTrace.isEmpty()) {
			text.append(System.lineSeparator()).append(stackTrace.stripTrailing());
		}
		return text.toString();
	}

	/** A field, flat ({@code "log.level": …}) or nested ({@code "log": {"level": …}}); empty when absent. */
	private static String text(JsonNode event, String name) {
		JsonNode flat = event.get(name);
		if (flat != null && !flat.isNull()) {
			return flat.isValueNode() ? flat.asString() : flat.toString();
		}
		JsonNode node = event;
		for (String part : name.split("\\.")) {
			node = node.path(part);
		}
		return node.isValueNode() ? node.asString() : "";
	}

	/** {@code dev.ordersaga.messaging.inbox.InboxProcessor} becomes {@code d.o.m.i.InboxProcessor}. */
	private static String shortened(String logger) {
		String[] parts = logger.split("\\.");
		StringBuilder shortened = new StringBuilder();
		for (int i = 0; i < parts.length - 1; i++) {
			shortened.append(parts[i].isEmpty() ? "" : parts[i].substring(0, 1)).append('.');
		}
		return shortened.append(parts[parts.length - 1]).toString();
	}
}
