package dev.ordersaga.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.authclient.AuthClient;
import dev.ordersaga.authclient.RenewingToken;

import static org.awaitility.Awaitility.await;

/**
 * The real authorization server (auth-server's executable jar) as its own process beside the tests,
 * on a free port, with its own role and schema in the test database, as in production. Tests get
 * real tokens from it: {@link #staff()}, {@link #operator()}, {@link #newCustomer()}. The jar is
 * {@code ordersaga.auth-server.jar} when set, otherwise found under {@code auth-server/target} of
 * the build this test runs in (the reactor builds it first).
 */
public final class AuthServerProcess {

	private static final Logger log = LoggerFactory.getLogger(AuthServerProcess.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final int port;

	private final String staffSecret = secret();

	private final String operatorSecret = secret();

	private final Process process;

	private final AuthClient client;

	private final RenewingToken staff;

	private final RenewingToken operator;

	private volatile boolean up;

	AuthServerProcess(TestInfrastructure infrastructure) {
		this.port = freePort();
		Path jar = extracted(jar());
		ServiceDatabase database = infrastructure.database("auth-server");
		Path logFile = Path.of("target", "auth-server-" + port + ".log").toAbsolutePath();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(logFile.toFile());
		Map<String, String> environment = builder.environment();
		environment.put("SERVER_PORT", Integer.toString(port));
		environment.put("SERVER_ADDRESS", "127.0.0.1");
		environment.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
		environment.put("SPRING_DATASOURCE_USERNAME", database.username());
		environment.put("SPRING_DATASOURCE_PASSWORD", database.password());
		environment.put("SPRING_FLYWAY_USER", database.migrationUsername());
		environment.put("SPRING_FLYWAY_PASSWORD", database.migrationPassword());
		environment.put("SPRING_SECURITY_OAUTH2_AUTHORIZATIONSERVER_ISSUER", issuer());
		environment.put("ORDERSAGA_AUTH_STAFF_SECRET", staffSecret);
		environment.put("ORDERSAGA_AUTH_OPERATOR_SECRET", operatorSecret);
		// The console under test listens on a random loopback port; its registered 127.0.0.1 redirect
		// matches any port, and so must the origin allowed at the token endpoint.
		environment.put("ORDERSAGA_AUTH_CORS_ALLOWED_ORIGINS", "http://127.0.0.1:[*]");
		try {
			Files.createDirectories(logFile.getParent());
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start auth-server from " + jar, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "auth-server-stop"));
		this.client = new AuthClient(URI.create("http://127.0.0.1:" + port));
		this.staff = new RenewingToken(() -> client().clientToken("staff", staffSecret, "staff"));
		this.operator = new RenewingToken(() -> client().clientToken("operator", operatorSecret, "operator"));
		log.info("auth-server starting on port {} from {}; its log: {}", port, jar, logFile);
	}

	/** @return the issuer its tokens name, for {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} */
	public String issuer() {
		return "http://localhost:" + port;
	}

	/** @return its JWK set, for {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} */
	public String jwkSetUri() {
		return "http://127.0.0.1:" + port + "/oauth2/jwks";
	}

	/** @return a token of the staff client (client credentials), fetched again before it expires */
	public AccessToken staff() {
		return staff.get();
	}

	/** @return a token of the operator client (client credentials), fetched again before it expires */
	public AccessToken operator() {
		return operator.get();
	}

	/** @return a customer registered just now, logged in through the shop client */
	public TestCustomer newCustomer() {
		String username = "customer-" + UUID.randomUUID().toString().substring(0, 13);
		String password = secret();
		UUID id = client().registerCustomer(staff(), username, password, false);
		return new TestCustomer(id, username, client.customerToken(username, password));
	}

	/**
	 * @param role {@code staff} or {@code operator}
	 * @return a staff member set up just now, who logs in on the login form (the saga console's login)
	 */
	public TestStaffMember newStaffMember(String role) {
		String username = role + "-" + UUID.randomUUID().toString().substring(0, 13);
		String password = secret();
		client().setStaffMember(operator(), username, role, password);
		return new TestStaffMember(username, password);
	}

	/** @return a client of this server, for the tests that exercise it directly */
	public AuthClient client() {
		awaitUp();
		return client;
	}

	private void awaitUp() {
		if (up) {
			return;
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		await("auth-server UP on port " + port).atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("auth-server exited with " + process.exitValue()
							+ "; see target/auth-server-" + port + ".log");
				}
				try {
					HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
					return response.statusCode() == 200 && response.body().contains("\"UP\"");
				}
				catch (IOException ex) {
					return false;
				}
			});
		up = true;
	}

	private static Path jar() {
		String configured = System.getProperty("ordersaga.auth-server.jar");
		if (configured != null) {
			return Path.of(configured);
		}
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path target = dir.resolve("auth-server").resolve("target");
			Optional<Path> jar = execJar(target);
			if (jar.isPresent()) {
				return jar.get();
			}
		}
		throw new IllegalStateException("No auth-server jar: build it first (./mvnw -pl auth-server package), or "
				+ "name it with -Dordersaga.auth-server.jar=…");
	}

	/**
	 * The jar extracted beside itself (Spring Boot's {@code jarmode=tools extract}), once per build:
	 * a JVM starts from it in about half the time it takes from the executable jar, and every module's
	 * tests start one.
	 */
	private static Path extracted(Path jar) {
		Path folder = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", "") + "-extracted");
		Path app = folder.resolve(jar.getFileName());
		try {
			if (Files.isRegularFile(app) && !Files.getLastModifiedTime(app).toInstant()
				.isBefore(Files.getLastModifiedTime(jar).toInstant())) {
				return app;
			}
			Path temporary = Files.createTempDirectory(jar.getParent(), "extracting-");
			Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Djarmode=tools", "-jar", jar.toString(), "extract", "--force", "--destination",
					temporary.toString())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!extract.waitFor(2, java.util.concurrent.TimeUnit.MINUTES) || extract.exitValue() != 0) {
				log.warn("Could not extract {}; auth-server starts from the jar itself", jar);
				return jar;
			}
			org.springframework.util.FileSystemUtils.deleteRecursively(folder);
			Files.move(temporary, folder, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			Files.setLastModifiedTime(app, Files.getLastModifiedTime(jar));
			return app;
		}
		catch (IOException ex) {
			log.warn("Could not extract {} ({}); auth-server starts from the jar itself", jar, ex.toString());
			return jar;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return jar;
		}
	}

	private static Optional<Path> execJar(Path target) {
		if (!Files.isDirectory(target)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.list(target)) {
			return files.filter(file -> file.getFileName().toString().matches("auth-server-.*-exec\\.jar")).findFirst();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static String secret() {
		byte[] random = new byte[18];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A customer registered in auth-server for one test.
	 *
	 * @param id the customer id, the subject of the token
	 * @param username the login name
	 * @param token the customer's access token
	 */
	public record TestCustomer(UUID id, String username, AccessToken token) {
	}

	/**
	 * A staff member or operator set up in auth-server for one test.
	 *
	 * @param username the login name
	 * @param password the password, for the login form
	 */
	public record TestStaffMember(String username, String password) {
	}
}
