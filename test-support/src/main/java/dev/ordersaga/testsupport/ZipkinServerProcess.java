package dev.ordersaga.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;

/**
 * A real Zipkin server (its executable jar, {@code io.zipkin:zipkin-server:exec}) in a process of its
 * own, on a free port of 127.0.0.1, keeping spans in memory. Services send their spans to
 * {@link #spansEndpoint()}; a test reads a trace back through Zipkin's HTTP API with
 * {@link #trace(String)}. The jar is {@code ordersaga.zipkin-server.jar} when set (the build copies
 * it there), otherwise {@code target/zipkin/zipkin-server.jar}. It ends with the JVM that started it.
 */
public final class ZipkinServerProcess implements AutoCloseable {

	/** The system property naming the server's executable jar. */
	public static final String JAR_PROPERTY = "ordersaga.zipkin-server.jar";

	private static final Logger log = LoggerFactory.getLogger(ZipkinServerProcess.class);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final int port;

	private final Path logFile;

	private final Process process;

	private volatile boolean up;

	private ZipkinServerProcess() {
		this.port = freePort();
		Path jar = jar();
		this.logFile = Path.of("target", "zipkin-" + port + ".log").toAbsolutePath();
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
				// Armeria serves Zipkin; a list from the command line replaces the configured one whole.
				"--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port,
				"--armeria.ports[0].protocols[0]=http")
			.redirectErrorStream(true)
			.redirectOutput(logFile.toFile());
		// Zipkin reads its settings from the environment too: KAFKA_BOOTSTRAP_SERVERS, say, would make
		// it collect from Kafka. Only what it is given here counts.
		builder.environment().clear();
		builder.environment().put("STORAGE_TYPE", "mem");
		try {
			Files.createDirectories(logFile.getParent());
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start Zipkin from " + jar, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "zipkin-stop"));
		log.info("Zipkin starting on port {} from {}; its log: {}", port, jar, logFile);
	}

	/**
	 * Starts the server and returns at once; {@link #awaitUp()} waits for it, so a test can start the
	 * services meanwhile (spans they finish before it is up are dropped).
	 * @return the starting server
	 */
	public static ZipkinServerProcess start() {
		return new ZipkinServerProcess();
	}

	/** @return where spans go, for {@code management.tracing.export.zipkin.endpoint} */
	public String spansEndpoint() {
		return baseUrl() + "/api/v2/spans";
	}

	/**
	 * Waits until the server reports UP on its health endpoint.
	 * @return this server
	 */
	public ZipkinServerProcess awaitUp() {
		if (up) {
			return this;
		}
		await("Zipkin UP on port " + port).atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("Zipkin exited with " + process.exitValue() + "; see " + logFile);
				}
				return get("/health").filter(body -> body.contains("\"UP\"")).isPresent();
			});
		up = true;
		return this;
	}

	/**
	 * @param traceId the trace's id, 32 hexadecimal digits
	 * @return the trace's spans as Zipkin's v2 JSON array, or empty while Zipkin has none of them
	 */
	public Optional<String> trace(String traceId) {
		awaitUp();
		return get("/api/v2/trace/" + traceId);
	}

	private Optional<String> get(String path) {
		try {
			HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while asking Zipkin", ex);
		}
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	private static Path jar() {
		Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/zipkin/zipkin-server.jar")).toAbsolutePath();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No Zipkin server jar at " + jar + ": the build copies it there "
					+ "(maven-dependency-plugin, io.zipkin:zipkin-server:exec), or name one with -D" + JAR_PROPERTY
					+ "=…");
		}
		return jar;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
