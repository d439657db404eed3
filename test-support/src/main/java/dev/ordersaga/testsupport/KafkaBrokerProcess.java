package dev.ordersaga.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A Kafka broker (KRaft, broker and controller in one) in a process of its own, on a fixed port and
 * data directory, so a test can stop it, let clients fail, and start it again at the same address
 * with its data intact, as an operator restarting Kafka would. It runs from the test's own
 * classpath, which already holds the Kafka server.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private final Path directory;

	private final int port;

	private final Path config;

	private @Nullable Process process;

	private KafkaBrokerProcess(Path directory, int port, Path config) {
		this.directory = directory;
		this.port = port;
		this.config = config;
	}

	/**
	 * Formats a new data directory and starts the broker.
	 * @param directory where its configuration, data and log go, must not be {@literal null}
	 * @return the running broker
	 */
	public static KafkaBrokerProcess start(Path directory) {
		try {
			Files.createDirectories(directory);
			int port = freePort();
			int controllerPort = freePort();
			Path config = directory.resolve("server.properties");
			Files.writeString(config, String.join("\n", "process.roles=broker,controller", "node.id=1",
					"controller.quorum.voters=1@127.0.0.1:" + controllerPort,
					"listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
					"advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
					"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
					"log.dirs=" + directory.resolve("data"), "num.partitions=3", "auto.create.topics.enable=true",
					"offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
					"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0", ""));
			KafkaBrokerProcess broker = new KafkaBrokerProcess(directory, port, config);
			broker.run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
					config.toString()), directory.resolve("format.log")).waitFor(60, TimeUnit.SECONDS);
			broker.startAgain();
			return broker;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot prepare a Kafka broker in " + directory, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** @return where clients connect, e.g. {@code 127.0.0.1:40123} */
	public String bootstrapServers() {
		return "127.0.0.1:" + port;
	}

	/** Starts the stopped broker again on the same port and data. Returns once it answers. */
	public synchronized void startAgain() {
		if (process != null && process.isAlive()) {
			return;
		}
		process = run(List.of("kafka.Kafka", config.toString()), directory.resolve("broker.log"));
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				3000))) {
			await().atMost(START_TIMEOUT).ignoreExceptions().until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("The Kafka broker exited; see " + directory.resolve("broker.log"));
				}
				return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
			});
		}
	}

	/** Stops the broker as an operator would (SIGTERM) and waits until it is gone. */
	public synchronized void stop() {
		Process current = process;
		process = null;
		if (current == null) {
			return;
		}
		current.destroy();
		try {
			if (!current.waitFor(60, TimeUnit.SECONDS)) {
				current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Freezes the broker (SIGSTOP), as a long pause or a hung host would: its connections stay open
	 * and nothing answers on them, so clients wait for their timeouts instead of failing at once.
	 */
	public synchronized void freeze() {
		signal("-STOP");
	}

	/** Lets a frozen broker run on (SIGCONT). */
	public synchronized void thaw() {
		signal("-CONT");
	}

	private void signal(String signal) {
		Process current = process;
		if (current == null) {
			throw new IllegalStateException("The broker is not running");
		}
		try {
			int exit = new ProcessBuilder("kill", signal, Long.toString(current.pid())).inheritIO().start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("kill " + signal + " " + current.pid() + " exited with " + exit);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot signal the broker", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		Process current = process;
		if (current != null) {
			signal("-CONT");
		}
		stop();
	}

	private Process run(List<String> mainAndArguments, Path log) {
		List<String> command = new java.util.ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
				"-cp", System.getProperty("java.class.path")));
		command.addAll(mainAndArguments);
		try {
			return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + mainAndArguments.get(0), ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
