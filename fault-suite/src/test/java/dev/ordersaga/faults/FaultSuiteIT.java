package dev.ordersaga.faults;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ordersaga.contracts.KafkaPrincipals;
import dev.ordersaga.contracts.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The short fault suite of the test command: the whole suite as separate processes (a second suite,
 * in target/suite on free ports, so a running ./suite is not disturbed), ~100 orders, every service
 * killed with kill -9 and restarted while they flow, then every invariant, and the orders kept: at
 * least 99 % of those meant to be confirmed are, none is cancelled by the saga's deadline. The full run, all six
 * scenarios with 500 orders each, is {@code ./suite faults}.
 */
class FaultSuiteIT {

	static Suite suite;

	@BeforeAll
	static void prepare() {
		suite = new Suite(Path.of("..").toAbsolutePath().normalize(), Map.of(
				"SUITE_WORK", Path.of("target", "suite").toAbsolutePath().toString(),
				"SUITE_SKIP_BUILD", "1",
				"SUITE_PG_PORT", port(), "SUITE_KAFKA_PORT", port(), "SUITE_KAFKA_CONTROLLER_PORT", port(),
				"SUITE_SMTP_PORT", port(), "SUITE_SMTP_API_PORT", port(), "SUITE_ZIPKIN_PORT", port(),
				"SUITE_AUTH_PORT", port(),
				"SUITE_SERVICE_PORTS", String.join(" ", port(), port(), port(), port(), port())));
	}

	@AfterAll
	static void stopSuite() {
		suite.stop();
	}

	@Test
	void everyInvariantHoldsAndOrdersAreKeptWhileEachServiceIsKilledAndRestartedUnderLoad() {
		ByteArrayOutputStream report = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8);

		List<FaultSuite.Result> results = new FaultSuite(suite).run(List.of(Scenario.KILL_SERVICES), 100, 10, out);

		System.out.println(report.toString(StandardCharsets.UTF_8));
		assertThat(results).singleElement().satisfies(result -> {
			assertThat(result.orders()).isEqualTo(100);
			assertThat(result.quietAfter()).as("became quiet again").isNotNull();
			assertThat(result.meantToConfirm()).as("orders meant to be confirmed").isPositive();
			assertThat(result.goodput()).as("goodput").isGreaterThanOrEqualTo(Checks.GOODPUT_TARGET);
			assertThat(result.backUp()).as("restart to UP, per service").containsOnlyKeys(Suite.SERVICES);
			assertThat(result.consuming()).as("restart to consuming again, per service")
				.containsOnlyKeys(Suite.SERVICES)
				.doesNotContainValue(null);
			assertThat(result.checks()).hasSize(5).allSatisfy(check -> assertThat(check.violations())
				.as(check.name()).isEmpty());
		});
	}

	@Test
	void theDatabaseWantsTheMadeUpPasswordsAndAServiceMayOnlyWriteRowsOfItsOwnSchema() throws Exception {
		suite.start();
		Path secrets = suite.workFolder().resolve("secrets");
		List<Path> files;
		try (var listed = Files.list(secrets)) {
			files = listed.toList();
		}
		assertThat(files.stream().map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("postgres",
				"auth_server", "auth_server_owner", "order_service", "order_service_owner", "payment_service",
				"payment_service_owner", "inventory_service", "inventory_service_owner", "notification_service",
				"notification_service_owner", "analytics_service", "analytics_service_owner", "staff-client",
				"operator-client", "auth-signing-key.pem", "customer-ada", "customer-bob", "staff-member-ops",
				"staff-member-clerk", "kafka-admin", "kafka-order-service", "kafka-payment-service",
				"kafka-inventory-service", "kafka-notification-service", "kafka-analytics-service");
		// The broker's settings hold the admin's password too.
		assertThat(java.util.stream.Stream.concat(files.stream(),
				java.util.stream.Stream.of(suite.workFolder().resolve("kafka").resolve("server.properties"))))
			.allSatisfy(file -> assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
				.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

		assertThatThrownBy(() -> DriverManager.getConnection(suite.jdbcUrl(), "postgres", "not-the-password").close())
			.hasMessageContaining("password authentication failed");
		try (Connection orders = DriverManager.getConnection(suite.jdbcUrl(), "order_service",
				suite.secret("order_service")); Statement statement = orders.createStatement()) {
			statement.executeQuery("SELECT count(*) FROM customer_order").close();
			assertThatThrownBy(() -> statement.execute("CREATE TABLE order_service.sneaky (id int)"))
				.hasMessageContaining("permission denied for schema order_service");
			assertThatThrownBy(() -> statement.execute("ALTER TABLE customer_order ADD COLUMN sneaky int"))
				.hasMessageContaining("must be owner of table customer_order");
			assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM payment_service.inbox_event"))
				.hasMessageContaining("permission denied for schema payment_service");
		}

		try (var logs = Files.list(suite.workFolder().resolve("logs"))) {
			List<Path> logFiles = logs.filter(Files::isRegularFile).toList();
			for (Path secret : files) {
				String password = Files.readString(secret).strip();
				assertThat(logFiles).as("logs printing the password of " + secret.getFileName())
					.noneMatch(log -> contains(log, password));
			}
		}
	}

	/**
	 * The suite's broker answers its principals only, and each only what its service needs: a client
	 * without a login learns nothing, a wrong password is refused, payment-service's principal may
	 * write payments.v1 but not order-service's topic.
	 */
	@Test
	void theBrokerAnswersOnlyItsPrincipalsAndAServiceMayWriteOnlyItsOwnTopics() throws Exception {
		suite.start();
		Map<String, Object> anonymous = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, suite.kafkaBootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 6_000);
		try (Admin stranger = Admin.create(anonymous)) {
			assertThatThrownBy(() -> stranger.listTopics().names().get()).as("a client without a login")
				.hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
		}
		Map<String, Object> impostor = new HashMap<>(anonymous);
		impostor.putAll(KafkaPrincipals.clientLogin("payment-service", "not-the-password-of-payment-service"));
		try (Admin admin = Admin.create(impostor)) {
			assertThatThrownBy(() -> admin.listTopics().names().get()).as("a wrong password")
				.hasCauseInstanceOf(SaslAuthenticationException.class);
		}

		Map<String, Object> payment = new HashMap<>(
				KafkaPrincipals.clientLogin("payment-service", suite.secret("kafka-payment-service")));
		payment.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, suite.kafkaBootstrapServers());
		payment.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(payment, new StringSerializer(),
				new StringSerializer())) {
			assertThat(producer.partitionsFor(Topics.PAYMENTS.name())).as("payments.v1 described").isNotEmpty();
			String order = java.util.UUID.randomUUID().toString();
			assertThat(producer.send(new ProducerRecord<>(Topics.PAYMENTS.name(), order, ignoredEvent(order)))
				.get(30, TimeUnit.SECONDS)
				.offset()).as("written to payments.v1").isNotNegative();
			assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.ORDERS.name(), order, ignoredEvent(order)))
				.get(30, TimeUnit.SECONDS)).as("written to orders.v1")
				.hasCauseInstanceOf(TopicAuthorizationException.class);
		}
	}

	/** An event of a type no consumer knows: each reads past it (a tolerant reader), so it changes nothing. */
	private static String ignoredEvent(String order) {
		return """
				{"eventId":"%s","eventType":"AccessProbed","schemaVersion":1,"occurredAt":"%s","producer":"fault-suite",
				 "aggregateType":"Order","aggregateId":"%s","correlationId":"%s","payload":{}}"""
			.formatted(java.util.UUID.randomUUID(), java.time.Instant.now(), order, order);
	}

	@Test
	void everyServiceListensOnLoopbackOnly() throws Exception {
		suite.start();
		java.net.InetAddress outside = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
			.stream()
			.flatMap(nic -> java.util.Collections.list(nic.getInetAddresses()).stream())
			.filter(address -> address instanceof java.net.Inet4Address && !address.isLoopbackAddress())
			.findFirst()
			.orElse(null);
		org.junit.jupiter.api.Assumptions.assumeTrue(outside != null, "this machine has no address but loopback");
		for (String service : java.util.stream.Stream.concat(Suite.SERVICES.stream(), java.util.stream.Stream.of("auth-server"))
			.toList()) {
			List<String> urls = service.equals("auth-server") ? List.of(suite.authUrl())
					: List.of(suite.url(service), suite.managementUrl(service));
			for (String url : urls) {
				int port = java.net.URI.create(url).getPort();
				try (java.net.Socket loopback = new java.net.Socket("127.0.0.1", port)) {
					assertThat(loopback.isConnected()).as(service + " on 127.0.0.1:" + port).isTrue();
				}
				assertThatThrownBy(() -> new java.net.Socket(outside, port).close()).as(service + " on " + outside + ":" + port)
					.isInstanceOf(java.net.ConnectException.class);
			}
		}
	}

	/**
	 * The suite as it runs answers only to tokens of its own auth-server: none, a token signed by
	 * another key, and a customer's token where staff is needed are all refused; the customers
	 * ./suite start registered log in for real.
	 */
	@Test
	void everyServiceRefusesRequestsWithoutAValidTokenOfItsOwnAuthServer() throws Exception {
		suite.start();
		java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
		dev.ordersaga.authclient.AuthClient auth = new dev.ordersaga.authclient.AuthClient(
				java.net.URI.create(suite.authUrl()));
		String ada = auth.customerToken("ada", suite.secret("customer-ada")).value();
		com.nimbusds.jose.jwk.RSAKey stranger = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("stranger")
			.generate();
		com.nimbusds.jwt.SignedJWT forged = new com.nimbusds.jwt.SignedJWT(
				new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).keyID("stranger").build(),
				com.nimbusds.jwt.JWTClaimsSet.parse(com.nimbusds.jwt.SignedJWT.parse(ada).getJWTClaimsSet().toJSONObject()));
		forged.sign(new com.nimbusds.jose.crypto.RSASSASigner(stranger));
		Map<String, String> protectedPaths = Map.of("order-service", "/api/orders", "payment-service",
				"/api/accounts/" + java.util.UUID.randomUUID(), "inventory-service", "/admin/messaging/status",
				"notification-service", "/api/notifications?orderId=" + java.util.UUID.randomUUID(), "analytics-service",
				"/api/analytics/summary");
		for (Map.Entry<String, String> path : protectedPaths.entrySet()) {
			java.net.URI uri = java.net.URI.create(suite.url(path.getKey()) + path.getValue());
			for (String token : java.util.Arrays.asList(null, forged.serialize())) {
				java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(uri);
				if (token != null) {
					request.header("Authorization", "Bearer " + token);
				}
				assertThat(http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
					.as(uri + (token == null ? " without a token" : " with a forged token"))
					.isEqualTo(401);
			}
		}
		java.net.http.HttpResponse<String> asAda = http.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(suite.url("order-service") + "/api/orders"))
			.header("Authorization", "Bearer " + ada)
			.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(asAda.statusCode()).isEqualTo(200);
		java.net.http.HttpResponse<String> adaAsStaff = http.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(suite.url("inventory-service") + "/api/products/ADA-WAS-HERE"))
			.header("Authorization", "Bearer " + ada)
			.header("Content-Type", "application/json")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofString(
					"{\"name\":\"x\",\"unitPrice\":1,\"currency\":\"EUR\",\"available\":1}"))
			.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(adaAsStaff.statusCode()).isEqualTo(403);
	}

	private static boolean contains(Path file, String text) {
		try {
			return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String port() {
		return Integer.toString(FaultSuite.freePort());
	}
}
