package dev.ordersaga.endtoend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The monitoring that docker-compose.yml runs, read from its files: Prometheus' configuration and
 * alert rules ({@code docker/prometheus/}), Grafana's provisioning and dashboard
 * ({@code docker/grafana/}), and the metric names their PromQL uses.
 */
final class Monitoring {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final Path PROMETHEUS = ROOT.resolve("docker/prometheus/prometheus.yml");

	static final Path RULES = ROOT.resolve("docker/prometheus/rules.yml");

	static final Path DASHBOARD = ROOT.resolve("docker/grafana/dashboards/ordersaga.json");

	static final Path DATASOURCES = ROOT.resolve("docker/grafana/provisioning/datasources/prometheus.yml");

	static final Path DASHBOARD_PROVIDERS = ROOT.resolve("docker/grafana/provisioning/dashboards/ordersaga.yml");

	/** Series Prometheus makes itself for every target; no service exports them. */
	static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"offset", "bool", "and", "or", "unless", "inf", "nan");

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

	private Monitoring() {
	}

	static JsonNode prometheus() {
		return yaml(PROMETHEUS);
	}

	static JsonNode rules() {
		return yaml(RULES);
	}

	static JsonNode dashboard() {
		try {
			return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + DASHBOARD, ex);
		}
	}

	static JsonNode yaml(Path file) {
		try {
			return new YAMLMapper().readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

	/** Every PromQL expression of the alert rules. */
	static List<String> ruleExpressions() {
		List<String> expressions = new ArrayList<>();
		for (JsonNode group : rules().path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				expressions.add(rule.path("expr").asString());
			}
		}
		return expressions;
	}

	/** Every PromQL expression of the dashboard's panels (rows' panels included). */
	static List<String> dashboardExpressions() {
		List<String> expressions = new ArrayList<>();
		collectTargets(dashboard().path("panels"), expressions);
		return expressions;
	}

	private static void collectTargets(JsonNode panels, List<String> expressions) {
		for (JsonNode panel : panels) {
			for (JsonNode target : panel.path("targets")) {
				expressions.add(target.path("expr").asString());
			}
			collectTargets(panel.path("panels"), expressions);
		}
	}

	/** The metrics the dashboard's variables list their values from ({@code label_values(metric, label)}). */
	static Set<String> dashboardVariableMetrics() {
		Set<String> names = new TreeSet<>();
		for (JsonNode variable : dashboard().path("templating").path("list")) {
			Matcher matcher = LABEL_VALUES.matcher(variable.path("query").path("query").asString());
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	/** Every metric the rules and the dashboard read, as Prometheus names it (e.g. {@code outbox_relayed_total}). */
	static Set<String> metricsUsed() {
		Set<String> names = new TreeSet<>(dashboardVariableMetrics());
		ruleExpressions().forEach(expression -> names.addAll(metricNames(expression)));
		dashboardExpressions().forEach(expression -> names.addAll(metricNames(expression)));
		return names;
	}

	/**
	 * The metric names of one PromQL expression: what remains of it without strings, label matchers,
	 * ranges, grouping clauses and Grafana's variables, that is neither a function nor a keyword.
	 * @param expression a PromQL expression, must not be {@literal null}
	 */
	static Set<String> metricNames(String expression) {
		String bare = STRING.matcher(expression).replaceAll("\"\"");
		bare = MATCHERS.matcher(bare).replaceAll(" ");
		bare = RANGE.matcher(bare).replaceAll(" ");
		bare = GROUPING.matcher(bare).replaceAll(" ");
		bare = VARIABLE.matcher(bare).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher matcher = IDENTIFIER.matcher(bare);
		while (matcher.find()) {
			String name = matcher.group();
			if (!KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
				names.add(name);
			}
		}
		return names;
	}

	/** The series names of a Prometheus scrape (text format), e.g. {@code orders_saga_duration_seconds_bucket}. */
	static Set<String> seriesNames(String scrape) {
		Set<String> names = new TreeSet<>();
		scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(line -> {
			int end = 0;
			while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
				end++;
			}
			names.add(line.substring(0, end));
		});
		return names;
	}
}
