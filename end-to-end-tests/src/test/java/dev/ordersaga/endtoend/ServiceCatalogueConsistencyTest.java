package dev.ordersaga.endtoend;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import dev.ordersaga.contracts.SuiteService;
import dev.ordersaga.contracts.Topic;

import static dev.ordersaga.endtoend.DockerComposeConsistencyTest.ROOT;
import static dev.ordersaga.endtoend.DockerComposeConsistencyTest.YAML;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files that cannot call Java and still list the suite's services ({@code ./suite},
 * docker/postgres-init.sh, docker-compose.yml, docs/architecture.md, each service's application.yml)
 * say what the catalogue, {@link SuiteService}, says: which services there are, their ports, schemas
 * and topics. Each check answers what drifted, one line each, so a test can also feed it a drifted copy.
 */
class ServiceCatalogueConsistencyTest {

	@Test
	void suiteScriptStartsTheCataloguesServicesOnTheirPorts() {
		assertThat(suiteScriptDrift(read("suite"))).isEmpty();
	}

	@Test
	void postgresInitMakesARoleAndSchemaForEveryService() {
		assertThat(postgresInitDrift(read("docker/postgres-init.sh"))).isEmpty();
	}

	@Test
	void composeBuildsEveryServiceOnItsPorts() {
		assertThat(composeDrift(read("docker-compose.yml"))).isEmpty();
	}

	@Test
	void architectureDocumentTablesEveryServiceWithItsPortAndTopics() {
		assertThat(architectureTableDrift(read("docs/architecture.md"))).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(SuiteService.class)
	void eachServiceIsConfiguredAsTheCatalogueSays(SuiteService service) {
		assertThat(applicationYmlDrift(service, read(applicationYml(service)))).isEmpty();
	}

	/** DockerComposeConsistencyTest holds compose to each service's own configuration: all of them. */
	@Test
	void composeConsistencyCoversEverySagaService() throws Exception {
		List<String> covered = new ArrayList<>();
		for (Class<?> application : DockerComposeConsistencyTest.services()) {
			covered.add(DockerComposeConsistencyTest.applicationYml(application).path("spring").path("application")
				.path("name").asString());
		}
		assertThat(covered).containsExactlyInAnyOrderElementsOf(SuiteService.sagaNames());
	}

	static Stream<Arguments> drifts() {
		Function<String, List<String>> suite = ServiceCatalogueConsistencyTest::suiteScriptDrift;
		Function<String, List<String>> postgresInit = ServiceCatalogueConsistencyTest::postgresInitDrift;
		Function<String, List<String>> compose = ServiceCatalogueConsistencyTest::composeDrift;
		Function<String, List<String>> table = ServiceCatalogueConsistencyTest::architectureTableDrift;
		Function<String, List<String>> orderServiceYml = yml -> applicationYmlDrift(SuiteService.ORDER, yml);
		return Stream.of(
				drift("a service port in ./suite", "SUITE_SERVICE_PORTS' default is 8081 8082 8093", suite, "suite",
						"8081 8082 8083 8084 8085", "8081 8082 8093 8084 8085"),
				drift("a service missing from ./suite", "SERVICES are [order-service", suite, "suite",
						"\tnotification-service:${SERVICE_PORTS[3]} ", "\t"),
				drift("auth-server's port in ./suite", "SUITE_AUTH_PORT's default is 9001", suite, "suite",
						"SUITE_AUTH_PORT:-9000", "SUITE_AUTH_PORT:-9001"),
				drift("a module ./suite does not build", "the modules it builds lack [notification-service]", suite, "suite",
						",notification-service,", ","),
				drift("the management ports in ./suite", "management_port is 2000", suite, "suite", "$(($2 + 1000))",
						"$(($2 + 2000))"),
				drift("a schema missing from postgres-init.sh", "the roles are", postgresInit, "docker/postgres-init.sh",
						" analytics_service; do", "; do"),
				drift("a port in compose", "payment-service's port mapping is", compose, "docker-compose.yml",
						"\"8082:8082\"", "\"8092:8092\""),
				drift("a health check's port in compose", "notification-service's health check is not on port 9084", compose,
						"docker-compose.yml", "127.0.0.1/9084", "127.0.0.1/8084"),
				drift("a service renamed in compose", "the services compose builds are", compose, "docker-compose.yml",
						"\n  inventory-service:\n", "\n  stock-service:\n"),
				drift("a service built from another module in compose", "inventory-service's build argument SERVICE is "
						+ "stock-service", compose, "docker-compose.yml", "SERVICE: inventory-service", "SERVICE: stock-service"),
				drift("a port in the architecture table", "notification-service's port is 8086", table,
						"docs/architecture.md", "| 8084 |", "| 8086 |"),
				drift("a topic missing from the architecture table", "inventory-service's topics are [inventory.v1]", table,
						"docs/architecture.md", "`inventory.v1`, `catalog.v1`", "`inventory.v1`"),
				drift("a service missing from the architecture table", "the services in the table are", table,
						"docs/architecture.md", "| auth-server |", "| auth-service |"),
				drift("order-service's management port", "order-service's management.server.port is 9181", orderServiceYml,
						applicationYml(SuiteService.ORDER), "port: 9081", "port: 9181"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("drifts")
	void noticesWhenAPlaceDrifts(String what, String noticed, Function<String, List<String>> check, String file,
			String from, String to) {
		String text = read(file);
		assertThat(text).as("%s still holds what the drift changes", file).contains(from);

		assertThat(check.apply(text.replace(from, to))).as(what).singleElement().asString().startsWith(noticed);
	}

	/**
	 * {@code ./suite}: the default of {@code SUITE_SERVICE_PORTS}, the {@code SERVICES} it starts in
	 * the order of those ports, auth-server's default port, the APPS it prepares a database for, the
	 * modules it builds and the management port it waits on.
	 */
	static List<String> suiteScriptDrift(String script) {
		List<String> drift = new ArrayList<>();
		List<SuiteService> saga = SuiteService.saga();
		String ports = saga.stream().map(service -> Integer.toString(service.port())).collect(Collectors.joining(" "));
		expect(drift, "SUITE_SERVICE_PORTS' default", group(script, "\\$\\{SUITE_SERVICE_PORTS:-([0-9 ]*)}"), ports);
		String services = group(script, "(?m)^SERVICES=\\(([^)]*)\\)");
		expect(drift, "SERVICES", services == null ? null : List.of(services.trim().split("\\s+")),
				saga.stream().map(service -> service.applicationName() + ":${SERVICE_PORTS[" + saga.indexOf(service) + "]}")
					.toList());
		expect(drift, "SUITE_AUTH_PORT's default", group(script, "\\$\\{SUITE_AUTH_PORT:-(\\d*)}"),
				Integer.toString(SuiteService.AUTH_SERVER.port()));
		expect(drift, "APPS", group(script, "(?m)^APPS=\\(([^)]*)\\)"),
				SuiteService.AUTH_SERVER.applicationName() + ":$AUTH_PORT \"${SERVICES[@]}\"");
		String built = group(script, "\\ssuite-launcher,([a-z,-]*)");
		List<String> missing = Arrays.stream(SuiteService.values()).map(SuiteService::applicationName)
			.filter(name -> built == null || !List.of(built.split(",")).contains(name))
			.toList();
		if (!missing.isEmpty()) {
			drift.add("the modules it builds lack " + missing + ": " + built);
		}
		expect(drift, "management_port", group(script, "(?s)\nmanagement_port\\(\\) \\{.*?\\$\\(\\(\\$2 \\+ (\\d+)\\)\\)"),
				Integer.toString(SuiteService.MANAGEMENT_PORT_OFFSET));
		return drift;
	}

	/** docker/postgres-init.sh: a schema and its roles for each service, auth-server's too. */
	static List<String> postgresInitDrift(String script) {
		List<String> drift = new ArrayList<>();
		String roles = group(script, "for role in ([a-z_ ]*); do");
		expect(drift, "the roles", roles == null ? null : Arrays.stream(roles.trim().split("\\s+")).sorted().toList(),
				Arrays.stream(SuiteService.values()).map(SuiteService::schema).sorted().toList());
		return drift;
	}

	/**
	 * docker-compose.yml: exactly the catalogue's services built from this repository, each publishing
	 * its API port as itself and checking its health on its management port.
	 */
	static List<String> composeDrift(String compose) {
		List<String> drift = new ArrayList<>();
		Map<String, JsonNode> built = new LinkedHashMap<>();
		YAML.readTree(compose).path("services").properties().forEach(entry -> {
			if (entry.getValue().has("build")) {
				built.put(entry.getKey(), entry.getValue());
			}
		});
		expect(drift, "the services compose builds", built.keySet().stream().sorted().toList(), names());
		for (SuiteService service : SuiteService.values()) {
			JsonNode node = built.get(service.applicationName());
			if (node == null) {
				continue;
			}
			String name = service.applicationName();
			expect(drift, name + "'s build argument SERVICE", node.path("build").path("args").path("SERVICE").asString(), name);
			expect(drift, name + "'s port mapping", node.path("ports").toString(), "[\"" + service.port() + ":" + service.port() + "\"]");
			String health = node.path("healthcheck").path("test").toString();
			if (!health.contains("/dev/tcp/127.0.0.1/" + service.managementPort() + " ")) {
				drift.add(name + "'s health check is not on port " + service.managementPort() + ": " + health);
			}
		}
		return drift;
	}

	/** docs/architecture.md: the services table, one row per service with its port and the topics it publishes. */
	static List<String> architectureTableDrift(String document) {
		List<String> drift = new ArrayList<>();
		Map<String, String[]> rows = new LinkedHashMap<>();
		boolean inTable = false;
		for (String line : document.lines().toList()) {
			if (line.startsWith("| service | port |")) {
				inTable = true;
			}
			else if (inTable && !line.startsWith("|")) {
				break;
			}
			else if (inTable && !line.startsWith("|---")) {
				String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim)
					.toArray(String[]::new);
				rows.put(cells[0], cells);
			}
		}
		expect(drift, "the services in the table", rows.keySet().stream().sorted().toList(), names());
		for (SuiteService service : SuiteService.values()) {
			String[] row = rows.get(service.applicationName());
			if (row == null) {
				continue;
			}
			expect(drift, service.applicationName() + "'s port", row[1], Integer.toString(service.port()));
			List<String> published = new ArrayList<>();
			Matcher topic = Pattern.compile("`([^`]+)`").matcher(row[row.length - 1]);
			while (topic.find()) {
				published.add(topic.group(1));
			}
			expect(drift, service.applicationName() + "'s topics", published.stream().sorted().toList(),
					service.publishes().stream().map(Topic::name).sorted().toList());
		}
		return drift;
	}

	/**
	 * A service's application.yml: its name, ports, role, schema and migration role. auth-server sets
	 * no management port: its actuator stays on its API port.
	 */
	static List<String> applicationYmlDrift(SuiteService service, String yml) {
		List<String> drift = new ArrayList<>();
		JsonNode config = YAML.readTree(yml);
		String name = service.applicationName();
		expect(drift, name + "'s spring.application.name", config.path("spring").path("application").path("name")
			.asString(), name);
		expect(drift, name + "'s server.port", config.path("server").path("port").asInt(), service.port());
		expect(drift, name + "'s management.server.port", config.path("management").path("server").path("port")
			.asInt(service.port()), service.managementPort());
		expect(drift, name + "'s spring.datasource.username", config.path("spring").path("datasource").path("username")
			.asString(), service.schema());
		expect(drift, name + "'s spring.flyway.schemas", config.path("spring").path("flyway").path("schemas").asString(),
				service.schema());
		expect(drift, name + "'s spring.flyway.user", config.path("spring").path("flyway").path("user").asString(),
				service.schema() + "_owner");
		return drift;
	}

	/**
	 * @param what the drift
	 * @param noticed how the check's one line of drift begins
	 * @param check the check of the file
	 * @param file the file, from the repository's root
	 * @param from a piece of the file as it is
	 * @param to what the drift makes of it
	 */
	private static Arguments drift(String what, String noticed, Function<String, List<String>> check, String file,
			String from, String to) {
		return Arguments.of(what, noticed, check, file, from, to);
	}

	private static void expect(List<String> drift, String what, Object actual, Object catalogue) {
		if (!catalogue.equals(actual)) {
			drift.add(what + (actual instanceof List ? " are " : " is ") + actual + ", the catalogue says " + catalogue);
		}
	}

	private static String group(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static List<String> names() {
		return Arrays.stream(SuiteService.values()).map(SuiteService::applicationName).sorted().toList();
	}

	private static String applicationYml(SuiteService service) {
		return service.applicationName() + "/src/main/resources/application.yml";
	}

	private static String read(String file) {
		try {
			return Files.readString(ROOT.resolve(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}
}
