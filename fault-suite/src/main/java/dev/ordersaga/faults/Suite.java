package dev.ordersaga.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.contracts.KafkaPrincipals;
import dev.ordersaga.contracts.SuiteService;

/**
 * The suite as {@code ./suite} runs it: PostgreSQL, Kafka, the SMTP catcher and the five services,
 * each its own process, controlled through the script so the fault suite kills and restarts exactly
 * what an operator would.
 */
public final class Suite {

	/** The saga's services, in the order of {@code SUITE_SERVICE_PORTS}. */
	public static final List<String> SERVICES = SuiteService.sagaNames();

	private final Path root;

	private final Map<String, String> environment;

	private final Path log;

	/**
	 * @param root the repository (where {@code ./suite} is)
	 * @param environment the {@code SUITE_*} settings (work folder, ports); empty for the defaults
	 */
	public Suite(Path root, Map<String, String> environment) {
		this.root = root;
		this.environment = new LinkedHashMap<>(environment);
		this.log = workFolder().resolve("logs").resolve("fault-suite-commands.log");
	}

	public Path workFolder() {
		return Path.of(environment.getOrDefault("SUITE_WORK", root.resolve(".suite").toString()));
	}

	public void start() {
		run("start");
	}

	/** Starts the suite with this many Kafka brokers (1 or 3); fixed once its Kafka has data. */
	public void start(int brokers) {
		run("start", "--brokers", Integer.toString(brokers));
	}

	/** @return how many Kafka brokers the suite runs, as {@code ./suite start} recorded it */
	int brokers() {
		try {
			return Integer.parseInt(Files.readString(workFolder().resolve("kafka").resolve("brokers")).trim());
		}
		catch (IOException | NumberFormatException ex) {
			return 1;
		}
	}

	public void stop() {
		run("stop");
	}

	/** kill -9, as a crash would. */
	void kill(String name) {
		run("kill", name);
	}

	/** Stops one process as an operator would and starts it again. */
	void restart(String name) {
		run("restart", name);
	}

	/**
	 * Stops one process as an operator would and starts it again with more environment, e.g. a
	 * service's settings ({@code ORDER_SAGA_ORDERPLACEDVERSION=1}).
	 */
	void restart(String name, Map<String, String> settings) {
		run(settings, "restart", name);
	}

	/** Stops one process as an operator would; {@link #start()} brings it back. */
	void stop(String name) {
		run("stop", name);
	}

	/** @return the process id of one of the suite's processes, as {@code ./suite} recorded it */
	long pid(String name) {
		try {
			return Long.parseLong(Files.readString(workFolder().resolve("pids").resolve(name)).trim());
		}
		catch (IOException | NumberFormatException ex) {
			throw new IllegalStateException(name + " has no process id in " + workFolder().resolve("pids"), ex);
		}
	}

	/**
	 * Starts one more instance of a service with {@code ./suite instance}, the way {@code ./suite} starts
	 * its own (same JVM, options, class archive and settings), and waits until it is ready.
	 * @return its name for {@link #stop(String)} and {@link #kill(String)}: {@code SERVICE@PORT}
	 */
	String startInstance(String service, int port) {
		run("instance", service, Integer.toString(port));
		return service + "@" + port;
	}

	public String url(String service) {
		return "http://127.0.0.1:" + port(service);
	}

	/**
	 * @param service one of {@link #SERVICES}
	 * @return where its actuator and messaging admin API listen: its management port, the API's + 1000
	 */
	public String managementUrl(String service) {
		return "http://127.0.0.1:" + (port(service) + SuiteService.MANAGEMENT_PORT_OFFSET);
	}

	private int port(String service) {
		String ports = environment.get("SUITE_SERVICE_PORTS");
		return ports == null ? SuiteService.named(service).port()
				: Integer.parseInt(ports.split(" ")[SERVICES.indexOf(service)]);
	}

	/** @return auth-server's address ({@code SUITE_AUTH_PORT}, 9000 unless set) */
	public String authUrl() {
		return "http://127.0.0.1:" + authPort();
	}

	private String authPort() {
		return environment.getOrDefault("SUITE_AUTH_PORT", Integer.toString(SuiteService.AUTH_SERVER.port()));
	}

	String mailApi() {
		return "http://127.0.0.1:" + environment.getOrDefault("SUITE_SMTP_API_PORT", "8025");
	}

	/** @return every broker's address: node i listens on the first one's port + 10 (i - 1) */
	public String kafkaBootstrapServers() {
		int first = Integer.parseInt(environment.getOrDefault("SUITE_KAFKA_PORT", "19092"));
		return String.join(",", java.util.stream.IntStream.range(0, brokers())
			.mapToObj(node -> "127.0.0.1:" + (first + 10 * node))
			.toList());
	}

	/**
	 * The settings of a Kafka client that logs in as the suite's admin principal, a super user of its
	 * brokers (the password {@code ./suite start} made up, read at every call).
	 * @return the brokers' addresses and the admin's login
	 */
	public Map<String, Object> kafkaAdminConfig() {
		Map<String, Object> config = new java.util.HashMap<>(KafkaPrincipals.clientLogin("admin", secret("kafka-admin")));
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers());
		return config;
	}

	/** @return the name {@code ./suite} gives a Kafka node: kafka, kafka-2, kafka-3 */
	static String kafkaNode(int nodeId) {
		return nodeId == 1 ? "kafka" : "kafka-" + nodeId;
	}

	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + environment.getOrDefault("SUITE_PG_PORT", "15432") + "/ordersaga";
	}

	/** A superuser's view across every service's schema. */
	public JdbcTemplate database() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(jdbcUrl());
		dataSource.setUser("postgres");
		dataSource.setPassword(secret("postgres"));
		return new JdbcTemplate(dataSource);
	}

	/** @return a password {@code ./suite} made up, from {@code secrets/NAME} in the work folder */
	String secret(String name) {
		Path file = workFolder().resolve("secrets").resolve(name);
		try {
			return Files.readString(file).strip();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No password for " + name + " in " + file.getParent()
					+ "; ./suite start makes them", ex);
		}
	}

	private void run(String... arguments) {
		run(Map.of(), arguments);
	}

	private void run(Map<String, String> settings, String... arguments) {
		List<String> command = new java.util.ArrayList<>(List.of(root.resolve("suite").toString()));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment);
		builder.environment().putAll(settings);
		try {
			Files.createDirectories(log.getParent());
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			Files.writeString(log, "$ ./suite " + String.join(" ", arguments) + "\n" + output,
					java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
			if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("./suite " + String.join(" ", arguments) + " failed:\n" + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run ./suite " + String.join(" ", arguments), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
