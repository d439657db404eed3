package dev.ordersaga.endtoend;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.ordersaga.analytics.AnalyticsApplication;
import dev.ordersaga.contracts.KafkaPrincipals;
import dev.ordersaga.contracts.SuiteService;
import dev.ordersaga.inventory.InventoryApplication;
import dev.ordersaga.notification.NotificationApplication;
import dev.ordersaga.order.OrderApplication;
import dev.ordersaga.payment.PaymentApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * There is no Docker engine on our machines, so docker-compose.yml cannot be run here: this test
 * holds it to the services' own configuration instead (ports, environment variable names, the
 * database, roles and schemas), so the file cannot drift from the code.
 */
class DockerComposeConsistencyTest {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final YAMLMapper YAML = new YAMLMapper();

	/** Mailpit's SMTP port when nothing changes it (its web UI is on 8025). */
	static final int MAILPIT_SMTP_PORT = 1025;

	static final JsonNode COMPOSE = read(ROOT.resolve("docker-compose.yml"));

	static final JsonNode AUTH_CONFIG = read(ROOT.resolve("auth-server/src/main/resources/application.yml"));

	static List<Class<?>> services() {
		return List.of(OrderApplication.class, PaymentApplication.class, InventoryApplication.class,
				NotificationApplication.class, AnalyticsApplication.class);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void composeRunsEachServiceAsItsOwnConfigurationExpects(Class<?> application) throws Exception {
		JsonNode config = applicationYml(application);
		String name = config.path("spring").path("application").path("name").asString();
		int port = config.path("server").path("port").asInt();
		String role = config.path("spring").path("datasource").path("username").asString();
		String schema = config.path("spring").path("flyway").path("schemas").asString();
		String database = config.path("spring").path("datasource").path("url").asString().replaceAll(".*/", "");
		JsonNode service = COMPOSE.path("services").path(name);

		assertThat(service.isMissingNode()).as("docker-compose.yml has no service %s", name).isFalse();
		assertThat(service.path("build").path("args").path("SERVICE").asString()).isEqualTo(name);
		assertThat(service.path("ports").get(0).asString()).isEqualTo(port + ":" + port);
		boolean sendsMail = !config.path("spring").path("mail").isMissingNode();
		List<String> variables = new ArrayList<>(List.of("SPRING_CONFIG_IMPORT", "SPRING_DATASOURCE_URL",
				"SPRING_KAFKA_BOOTSTRAP_SERVERS", "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI",
				"MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT"));
		if (name.equals("analytics-service")) {
			variables.add("SPRING_APPLICATION_JSON");
		}
		if (sendsMail) {
			variables.addAll(List.of("SPRING_MAIL_HOST", "SPRING_MAIL_PORT"));
			assertThat(service.path("environment").path("SPRING_MAIL_HOST").asString()).isEqualTo("mailpit");
			assertThat(service.path("environment").path("SPRING_MAIL_PORT").asInt()).as("Mailpit's SMTP port")
				.isEqualTo(MAILPIT_SMTP_PORT);
			assertThat(service.path("depends_on").has("mailpit")).isTrue();
		}
		assertThat(service.path("environment").propertyNames()).containsExactlyInAnyOrderElementsOf(variables);
		assertThat(service.path("environment").path("SPRING_DATASOURCE_URL").asString())
			.isEqualTo("jdbc:postgresql://postgres:5432/" + database);
		assertThat(service.path("environment").path("SPRING_KAFKA_BOOTSTRAP_SERVERS").asString())
			.isEqualTo(COMPOSE.path("services").path("kafka").path("environment").path("KAFKA_HOST").asString() + ":9092");
		assertThat(service.path("depends_on").path("postgres").path("condition").asString()).isEqualTo("service_healthy");
		assertThat(service.path("depends_on").path("kafka").path("condition").asString()).isEqualTo("service_healthy");
		assertThat(service.path("depends_on").path("kafka-init").path("condition").asString()).as("its principal exists")
			.isEqualTo("service_completed_successfully");
		JsonNode kafka = config.path("spring").path("kafka");
		assertThat(kafka.path("security").path("protocol").asString()).isEqualTo("SASL_PLAINTEXT");
		assertThat(kafka.path("properties").path("sasl.mechanism").asString()).isEqualTo(KafkaPrincipals.MECHANISM);
		assertThat(kafka.path("properties").path("sasl.jaas.config").asString()).as("logs in as itself")
			.contains("username=\"${spring.application.name}\"", "password=\"${ordersaga.kafka.password}\"");
		JsonNode jwt = config.path("spring").path("security").path("oauth2").path("resourceserver").path("jwt");
		assertThat(jwt.path("issuer-uri").asString()).as("the issuer %s expects", name).isEqualTo(AUTH_CONFIG.path("spring")
			.path("security").path("oauth2").path("authorizationserver").path("issuer").asString());
		assertThat(service.path("environment").path("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI").asString())
			.isEqualTo("http://auth-server:" + AUTH_CONFIG.path("server").path("port").asInt() + "/oauth2/jwks");
		assertThat(service.path("environment").path("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT").asString())
			.as("%s's spans go to compose's Zipkin", name).isEqualTo("http://zipkin:9411/api/v2/spans");
		assertThat(service.path("depends_on").path("zipkin").path("condition").asString()).isEqualTo("service_started");
		assertThat(config.path("management").path("tracing").path("sampling").path("probability").isNumber())
			.as("%s samples explicitly", name).isTrue();
		int managementPort = config.path("management").path("server").path("port").asInt();
		assertThat(managementPort).as("%s's management port", name).isPositive().isNotEqualTo(port);
		assertThat(service.path("healthcheck").path("test").toString()).as("health on the management port")
			.contains("/dev/tcp/127.0.0.1/" + managementPort, "/actuator/health");
		assertThat(service.path("ports").toString()).as("the management port is not published")
			.doesNotContain(String.valueOf(managementPort));

		String owner = config.path("spring").path("flyway").path("user").asString();
		assertThat(role).isEqualTo(schema).isEqualTo(name.replace('-', '_'));
		assertThat(owner).isEqualTo(role + "_owner");
		assertThat(service.path("environment").path("SPRING_CONFIG_IMPORT").asString())
			.isEqualTo("optional:configtree:/run/secrets/");
		assertThat(service.path("secrets").toString()).as("the passwords, as files named for their properties")
			.isEqualTo("[{\"source\":\"" + role + "\",\"target\":\"spring.datasource.password\"},"
					+ "{\"source\":\"" + owner + "\",\"target\":\"spring.flyway.password\"},"
					+ "{\"source\":\"kafka_" + role + "\",\"target\":\"ordersaga.kafka.password\"}]");
		for (String secret : List.of(role, owner, "kafka_" + role)) {
			assertThat(COMPOSE.path("secrets").path(secret).path("file").asString()).isEqualTo("./docker/secrets/" + secret);
			assertThat(Files.readString(ROOT.resolve("docker/make-secrets"))).containsPattern("\\s" + secret + "[\\s;]");
		}
		for (String secret : List.of(role, owner)) {
			assertThat(COMPOSE.path("services").path("postgres").path("secrets").toString()).contains("\"" + secret + "\"");
		}
		assertThat(COMPOSE.path("services").path("kafka-init").path("secrets").toString()).contains("\"kafka_" + role + "\"");
		assertThat(Files.readString(ROOT.resolve("docker/postgres-init.sh")))
			.containsPattern("for role in [a-z_ ]*\\b" + role + "\\b");
		assertThat(COMPOSE.path("services").path("postgres").path("environment").path("POSTGRES_DB").asString())
			.isEqualTo(database);
	}

	/**
	 * No password is written down anywhere in the repository: the services read theirs from the
	 * environment or a config tree, compose from files docker/make-secrets makes up, ./suite from
	 * files it makes up under .suite/secrets.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void noServiceConfigurationHoldsAPassword(Class<?> application) throws Exception {
		String yml = YAML.writeValueAsString(applicationYml(application));
		assertThat(yml).doesNotContainPattern("(?i)password\\s*:");
	}

	@Test
	void composeHoldsNoPasswordOnlyFilesOfSecrets() throws Exception {
		for (String file : List.of("docker-compose.yml", "docker-compose.ha.yml")) {
			assertThat(Files.readString(ROOT.resolve(file))).as(file)
				.doesNotContainPattern("(?i)password(?!_{1,2}file)[a-z_]*\\s*:")
				.doesNotContainPattern("(?i)password\\s*=");
		}
		assertThat(COMPOSE.path("services").path("postgres").path("environment").path("POSTGRES_PASSWORD_FILE").asString())
			.isEqualTo("/run/secrets/postgres");
		assertThat(COMPOSE.path("services").path("postgres").path("ports").toString()).as("PostgreSQL on loopback only")
			.isEqualTo("[\"127.0.0.1:5432:5432\"]");
		assertThat(Files.readString(ROOT.resolve(".gitignore")).lines()).contains("docker/secrets/");
	}

	/**
	 * auth-server: its own role and schema like a service, its clients' secrets as files, its signing
	 * key in a volume (so tokens outlive a restart), on the port its configuration names.
	 */
	@Test
	void composeRunsTheAuthorizationServerAsItsOwnConfigurationExpects() throws Exception {
		JsonNode auth = COMPOSE.path("services").path("auth-server");
		int port = AUTH_CONFIG.path("server").path("port").asInt();
		String role = AUTH_CONFIG.path("spring").path("datasource").path("username").asString();
		String owner = AUTH_CONFIG.path("spring").path("flyway").path("user").asString();

		assertThat(auth.path("build").path("args").path("SERVICE").asString()).isEqualTo("auth-server");
		assertThat(auth.path("ports").get(0).asString()).isEqualTo(port + ":" + port);
		assertThat(role).isEqualTo("auth_server").isEqualTo(AUTH_CONFIG.path("spring").path("flyway").path("schemas")
			.asString());
		assertThat(owner).isEqualTo("auth_server_owner");
		assertThat(auth.path("environment").propertyNames()).containsExactlyInAnyOrder("SPRING_CONFIG_IMPORT",
				"SPRING_DATASOURCE_URL", "ORDERSAGA_AUTH_SIGNINGKEYFILE",
				"SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_CLIENT_CONSOLE_REGISTRATION_REDIRECTURIS",
				"ORDERSAGA_AUTH_CORSALLOWEDORIGINS");
		assertThat(auth.path("environment").path("ORDERSAGA_AUTH_SIGNINGKEYFILE").asString()).startsWith("/var/lib/app/");
		assertThat(auth.path("volumes").toString()).contains("auth-server-keys:/var/lib/app");
		assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("chown app /var/lib/app");
		assertThat(auth.path("secrets").toString()).isEqualTo("[{\"source\":\"auth_server\",\"target\":\"spring.datasource.password\"},"
				+ "{\"source\":\"auth_server_owner\",\"target\":\"spring.flyway.password\"},"
				+ "{\"source\":\"staff_client\",\"target\":\"ORDERSAGA_AUTH_STAFF_SECRET\"},"
				+ "{\"source\":\"operator_client\",\"target\":\"ORDERSAGA_AUTH_OPERATOR_SECRET\"}]");
		String yml = Files.readString(ROOT.resolve("auth-server/src/main/resources/application.yml"));
		assertThat(yml).contains("${ORDERSAGA_AUTH_STAFF_SECRET}", "${ORDERSAGA_AUTH_OPERATOR_SECRET}");
		for (String secret : List.of(role, owner, "staff_client", "operator_client")) {
			assertThat(COMPOSE.path("secrets").path(secret).path("file").asString()).isEqualTo("./docker/secrets/" + secret);
			assertThat(Files.readString(ROOT.resolve("docker/make-secrets"))).containsPattern("\\s" + secret + "[\\s;]");
		}
		for (String secret : List.of(role, owner)) {
			assertThat(COMPOSE.path("services").path("postgres").path("secrets").toString()).contains("\"" + secret + "\"");
		}
		assertThat(Files.readString(ROOT.resolve("docker/postgres-init.sh")))
			.containsPattern("for role in [a-z_ ]*\\b" + role + "\\b");
		assertThat(auth.path("healthcheck").path("test").toString()).contains("/dev/tcp/127.0.0.1/" + port,
				"/actuator/health");
	}

	/**
	 * The saga console in compose: its login comes back to analytics-service's published port, whose
	 * origin may call the token endpoint, and its messaging panel asks every other service's admin API
	 * at its compose host name and management port.
	 */
	@Test
	void composeGivesTheConsoleItsLoginAndEveryServicesAdminAddress() throws Exception {
		JsonNode auth = COMPOSE.path("services").path("auth-server").path("environment");
		String published = COMPOSE.path("services").path("analytics-service").path("ports").get(0).asString()
			.replaceAll(":.*", "");
		assertThat(auth.path("SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_CLIENT_CONSOLE_REGISTRATION_REDIRECTURIS")
			.asString().split(",")).containsExactlyInAnyOrder("http://localhost:" + published + "/console/index.html",
					"http://127.0.0.1:" + published + "/console/index.html");
		assertThat(auth.path("ORDERSAGA_AUTH_CORSALLOWEDORIGINS").asString().split(","))
			.containsExactlyInAnyOrder("http://localhost:" + published, "http://127.0.0.1:" + published);

		JsonNode services = JsonMapper.builder().build().readTree(COMPOSE.path("services").path("analytics-service")
			.path("environment").path("SPRING_APPLICATION_JSON").asString()).path("analytics.console.services");
		for (Class<?> application : services()) {
			JsonNode config = applicationYml(application);
			String name = config.path("spring").path("application").path("name").asString();
			if (!name.equals("analytics-service")) {
				assertThat(services.path(name).asString()).as("%s's admin address", name)
					.isEqualTo("http://" + name + ":" + config.path("management").path("server").path("port").asInt());
			}
		}
		assertThat(services.size()).isEqualTo(services().size() - 1);
	}

	@Test
	void everyServiceInComposeIsOneOfTheSuitesOrItsInfrastructure() {
		assertThat(COMPOSE.path("services").propertyNames()).containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
				java.util.stream.Stream.of("postgres", "kafka", "kafka-init", "mailpit", "zipkin", "prometheus", "grafana"),
				java.util.Arrays.stream(SuiteService.values()).map(SuiteService::applicationName)).toList());
	}

	/** Compose's Zipkin is the version whose jar ./suite and the end-to-end tests run, on loopback. */
	@Test
	void composeRunsTheZipkinOfTheBuild() throws Exception {
		JsonNode zipkin = COMPOSE.path("services").path("zipkin");
		String version = Files.readString(ROOT.resolve("pom.xml"))
			.replaceAll("(?s).*<zipkin-server.version>([^<]+)</zipkin-server.version>.*", "$1");
		assertThat(zipkin.path("image").asString()).isEqualTo("openzipkin/zipkin:" + version);
		assertThat(zipkin.path("ports").toString()).isEqualTo("[\"127.0.0.1:9411:9411\"]");
	}

	/**
	 * docker-compose.ha.yml, laid over docker-compose.yml: three brokers in one KRaft quorum, each
	 * advertising itself, with the replication the suite's 3-broker mode uses; every service of the
	 * suite bootstrapped from all three, creating replicated topics, and started once all three are
	 * healthy.
	 */
	@Test
	void haOverrideRunsThreeReplicatingBrokersAndPointsEveryServiceAtAllOfThem() {
		JsonNode ha = read(ROOT.resolve("docker-compose.ha.yml")).path("services");
		List<String> brokers = List.of("kafka", "kafka-2", "kafka-3");
		List<String> advertised = new ArrayList<>();
		for (int node = 1; node <= brokers.size(); node++) {
			String name = brokers.get(node - 1);
			JsonNode environment = ha.path(name).path("environment");
			assertThat(ha.path(name).path("image").asString()).as(name)
				.isEqualTo(COMPOSE.path("services").path("kafka").path("image").asString());
			assertThat(environment.path("KAFKA_NODE_ID").asInt()).as(name).isEqualTo(node);
			assertThat(environment.path("KAFKA_HOST").asString()).as(name).isEqualTo(name);
			assertThat(ha.path(name).path("entrypoint").toString()).as(name).contains("kafka-start.sh");
			assertThat(ha.path(name).path("secrets").toString()).as(name).isEqualTo("[\"kafka_admin\"]");
			assertThat(environment.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asString()).as(name)
				.isEqualTo("1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093");
			assertThat(environment.path("CLUSTER_ID").asString()).as(name)
				.isEqualTo(ha.path("kafka").path("environment").path("CLUSTER_ID").asString()).isNotBlank();
			assertThat(environment.path("KAFKA_MIN_INSYNC_REPLICAS").asInt()).as(name).isEqualTo(2);
			assertThat(environment.path("KAFKA_REPLICATION_FACTOR").asInt()).as(name).isEqualTo(3);
			assertThat(ha.path(name).path("healthcheck").path("test").toString()).as(name).contains("9092");
			advertised.add(name + ":9092");
		}
		List<String> suite = COMPOSE.path("services").propertyNames().stream()
			.filter(name -> name.endsWith("-service"))
			.toList();
		assertThat(suite).hasSize(services().size());
		assertThat(ha.propertyNames()).containsExactlyInAnyOrderElementsOf(java.util.stream.Stream
			.of(brokers.stream(), java.util.stream.Stream.of("kafka-init"), suite.stream()).flatMap(names -> names).toList());
		assertThat(ha.path("kafka-init").path("environment").path("KAFKA_BOOTSTRAP_SERVERS").asString())
			.isEqualTo(String.join(",", advertised));
		for (String service : suite) {
			JsonNode environment = ha.path(service).path("environment");
			assertThat(environment.path("SPRING_KAFKA_BOOTSTRAP_SERVERS").asString()).as(service)
				.isEqualTo(String.join(",", advertised));
			assertThat(environment.path("ORDERSAGA_MESSAGING_TOPICS_REPLICATIONFACTOR").asInt()).as(service).isEqualTo(3);
			assertThat(environment.path("ORDERSAGA_MESSAGING_TOPICS_MININSYNCREPLICAS").asInt()).as(service).isEqualTo(2);
			for (String broker : brokers) {
				assertThat(ha.path(service).path("depends_on").path(broker).path("condition").asString())
					.as(service + " waits for " + broker).isEqualTo("service_healthy");
			}
		}
	}

	/**
	 * Kafka in compose is secured as in ./suite and the tests: clients log in, the authorizer allows
	 * only what an ACL allows, the broker is published to no port; docker/kafka-principals.sh gives
	 * each service exactly the principal and ACLs of {@link KafkaPrincipals}.
	 */
	@Test
	void composeSecuresKafkaAndGivesEachServiceTheAclsOfTheCatalogue() throws Exception {
		JsonNode kafka = COMPOSE.path("services").path("kafka");
		assertThat(kafka.has("ports")).as("Kafka published").isFalse();
		assertThat(kafka.path("entrypoint").toString()).contains("/opt/ordersaga/kafka-start.sh");
		assertThat(kafka.path("secrets").toString()).isEqualTo("[\"kafka_admin\"]");
		assertThat(kafka.path("healthcheck").path("test").toString()).contains("--command-config");
		assertThat(Files.readString(ROOT.resolve("docker/kafka-start.sh"))).contains(
				"listener.security.protocol.map=BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
				"listener.name.broker.sasl.enabled.mechanisms=" + KafkaPrincipals.MECHANISM,
				"authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer", "super.users=User:admin",
				"--add-scram \"" + KafkaPrincipals.MECHANISM + "=[name=admin,");
		assertThat(COMPOSE.path("secrets").path("kafka_admin").path("file").asString())
			.isEqualTo("./docker/secrets/kafka_admin");

		String script = Files.readString(ROOT.resolve("docker/kafka-principals.sh"));
		assertThat(script).contains("for service in " + String.join(" ", KafkaPrincipals.services()) + "; do");
		List<String> granted = script.lines().filter(line -> line.startsWith("allow ")).toList();
		List<String> catalogue = KafkaPrincipals.services().stream()
			.flatMap(service -> KafkaPrincipals.aclsOf(service).stream())
			.map(DockerComposeConsistencyTest::scriptLine)
			.toList();
		assertThat(granted).containsExactlyInAnyOrderElementsOf(catalogue);
	}

	private static String scriptLine(org.apache.kafka.common.acl.AclBinding acl) {
		String operation = acl.entry().operation().name();
		return "allow " + acl.entry().principal().substring("User:".length()) + " " + operation.charAt(0)
				+ operation.substring(1).toLowerCase(java.util.Locale.ROOT) + " "
				+ acl.pattern().resourceType().name().toLowerCase(java.util.Locale.ROOT) + " " + acl.pattern().name()
				+ (acl.pattern().patternType() == org.apache.kafka.common.resource.PatternType.PREFIXED ? " prefixed" : "");
	}

	/** Each service's own application.yml, although the classpath holds all five. */
	static JsonNode applicationYml(Class<?> application) throws Exception {
		URL base = application.getProtectionDomain().getCodeSource().getLocation();
		URL config = new URL(base.toString().endsWith(".jar") ? "jar:" + base + "!/application.yml"
				: base + "application.yml");
		try (InputStream in = config.openStream()) {
			return YAML.readTree(in);
		}
	}

	private static JsonNode read(Path file) {
		try {
			return YAML.readTree(Files.readString(file));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}
}
