package dev.ordersaga.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.jspecify.annotations.Nullable;

import dev.ordersaga.contracts.KafkaPrincipals;

import static org.awaitility.Awaitility.await;

/**
 * A Kafka broker (KRaft, broker and controller in one) in a process of its own, on a fixed port and
 * data directory, so a test can stop it, let clients fail, and start it again at the same address
 * with its data intact, as an operator restarting Kafka would. It runs from the test's own
 * classpath, which already holds the Kafka server.
 * <p>
 * It is secured as in production: clients log in with SASL/SCRAM-SHA-512 and the broker's
 * authorizer denies whatever no ACL allows. Only its admin, a super user with a password made up
 * for this broker, may do anything at first; {@link #adminConfig()} logs in as the admin. The
 * password stays in a file only the owner may read while the broker lives, and shows in no
 * command line, log or {@link #toString()}. The broker ends with the JVM that started it, even
 * one that is killed.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

	/** The name of the broker's super user. */
	public static final String ADMIN = "admin";

	/**
	 * A system property: {@code true} runs the broker with the JVM's full JIT compiler, for a
	 * benchmark; by default it compiles with the first tier only, which starts it seconds sooner and
	 * serves tests as well.
	 */
	public static final String FULL_JIT_PROPERTY = "ordersaga.test.kafka-broker.full-jit";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Path directory;

	private final int port;

	private final Path config;

	private final String adminPassword;

	private @Nullable Process process;

	private KafkaBrokerProcess(Path directory, int port, Path config, String adminPassword) {
		this.directory = directory;
		this.port = port;
		this.config = config;
		this.adminPassword = adminPassword;
	}

	/**
	 * Formats a new data directory, with the admin's SCRAM credential in its first metadata, and
	 * starts the broker. Returns once the admin can describe the cluster.
	 * @param directory where its configuration, data and log go, must not be {@literal null}
	 * @return the running broker
	 */
	public static KafkaBrokerProcess start(Path directory) {
		try {
			Files.createDirectories(directory);
			int port = freePort();
			int controllerPort = freePort();
			String password = newPassword();
			Path config = directory.resolve("server.properties");
			writePrivately(config, String.join("\n", "process.roles=broker,controller", "node.id=1",
					"controller.quorum.voters=1@127.0.0.1:" + controllerPort,
					"listeners=BROKER://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
					"advertised.listeners=BROKER://127.0.0.1:" + port, "inter.broker.listener.name=BROKER",
					"controller.listener.names=CONTROLLER",
					"listener.security.protocol.map=BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
					"listener.name.broker.sasl.enabled.mechanisms=" + KafkaPrincipals.MECHANISM,
					"listener.name.controller.sasl.enabled.mechanisms=PLAIN",
					"sasl.mechanism.inter.broker.protocol=" + KafkaPrincipals.MECHANISM,
					"sasl.mechanism.controller.protocol=PLAIN",
					"listener.name.broker.scram-sha-512.sasl.jaas.config="
							+ KafkaPrincipals.jaasConfig(ADMIN, password),
					"listener.name.controller.plain.sasl.jaas.config="
							+ "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
							+ "\" password=\"" + password + "\" user_" + ADMIN + "=\"" + password + "\";",
					"authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
					"super.users=User:" + ADMIN, "log.dirs=" + directory.resolve("data"), "num.partitions=3",
					"auto.create.topics.enable=true", "offsets.topic.replication.factor=1",
					"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
					"group.initial.rebalance.delay.ms=0", ""));
			KafkaBrokerProcess broker = new KafkaBrokerProcess(directory, port, config, password);
			// The admin's password goes in a file only the owner may read, not on the command line.
			Path format = directory.resolve("format.args");
			writePrivately(format, String.join("\n", "format", "-t", Uuid.randomUuid().toString(), "-c",
					config.toString(), "--add-scram",
					KafkaPrincipals.MECHANISM + "=[name=" + ADMIN + ",password=" + password + "]", ""));
			try {
				broker.launch(format);
			}
			catch (RuntimeException ex) {
				broker.close();
				throw ex;
			}
			finally {
				Files.deleteIfExists(format);
			}
			return broker;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot prepare a Kafka broker in " + directory, ex);
		}
	}

	/** @return where its configuration, data and logs are */
	Path directory() {
		return directory;
	}

	/** @return where clients connect, e.g. {@code 127.0.0.1:40123} */
	public String bootstrapServers() {
		return "127.0.0.1:" + port;
	}

	/**
	 * @return the client settings that log in as the admin ({@code security.protocol},
	 * {@code sasl.mechanism}, {@code sasl.jaas.config}); the password is a Kafka {@link Password},
	 * which prints as {@code [hidden]}
	 */
	public Map<String, Object> adminLogin() {
		return hidden(KafkaPrincipals.clientLogin(ADMIN, adminPassword));
	}

	/** @return the admin's client settings: the bootstrap servers and {@link #adminLogin()} */
	public Map<String, Object> adminConfig() {
		Map<String, Object> config = new HashMap<>(adminLogin());
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		return Map.copyOf(config);
	}

	/** @return the {@code sasl.jaas.config} that logs in as the admin, for Spring's Kafka properties */
	String adminJaasConfig() {
		return KafkaPrincipals.jaasConfig(ADMIN, adminPassword);
	}

	/**
	 * The client settings of a principal with the password in a Kafka {@link Password}, which prints as
	 * {@code [hidden]}: such a map may end in a log or an assertion message.
	 */
	static Map<String, Object> hidden(Map<String, Object> login) {
		Map<String, Object> hidden = new HashMap<>(login);
		hidden.computeIfPresent(SaslConfigs.SASL_JAAS_CONFIG, (name, jaas) -> new Password(jaas.toString()));
		return Map.copyOf(hidden);
	}

	/** Starts the stopped broker again on the same port and data. Returns once the admin can describe the cluster. */
	public synchronized void startAgain() {
		launch(null);
	}

	/**
	 * Starts the broker, after formatting its storage with the {@code kafka-storage format} arguments
	 * in the given file if there is one.
	 */
	private synchronized void launch(@Nullable Path format) {
		if (process != null && process.isAlive()) {
			return;
		}
		List<String> arguments = new ArrayList<>(List.of(config.toString()));
		if (format != null) {
			arguments.add(format.toString());
		}
		Process started = run(arguments, directory.resolve("broker.log"));
		process = started;
		// The broker opens its port once it has started; a client asking sooner only piles up retries.
		await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
			if (!started.isAlive()) {
				throw new IllegalStateException("The Kafka broker exited; see " + directory.resolve("broker.log"));
			}
			return accepts(port);
		});
		Map<String, Object> probe = new HashMap<>(adminConfig());
		// Generous: a cold JVM takes a while over its first SCRAM login, and starting it again wastes it.
		probe.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
		probe.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
		try (Admin admin = Admin.create(probe)) {
			await().atMost(START_TIMEOUT)
				.ignoreExceptionsMatching(ex -> ex instanceof ExecutionException || ex instanceof TimeoutException)
				.until(() -> {
					if (!started.isAlive()) {
						throw new IllegalStateException("The Kafka broker exited; see " + directory.resolve("broker.log"));
					}
					return !admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).isEmpty();
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

	/** Stops the broker for good and deletes the file that holds the admin's password; the data and logs stay. */
	@Override
	public void close() {
		Process current = process;
		if (current != null && current.isAlive()) {
			signal("-CONT");
		}
		stop();
		try {
			Files.deleteIfExists(config);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot delete " + config, ex);
		}
	}

	@Override
	public String toString() {
		return "Kafka broker on " + bootstrapServers() + " in " + directory;
	}

	/**
	 * Runs {@link Launcher} with the given arguments, in a JVM whose standard input is a pipe from
	 * this one: when this JVM is gone, however it ended, the pipe closes and the broker stops too.
	 */
	private Process run(List<String> arguments, Path log) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
		if (!Boolean.getBoolean(FULL_JIT_PROPERTY)) {
			// Compiling with the first tier only starts the broker seconds sooner on a small machine.
			command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), Launcher.class.getName()));
		command.addAll(arguments);
		try {
			return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start a JVM for the Kafka broker", ex);
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void writePrivately(Path file, String content) throws IOException {
		Files.deleteIfExists(file);
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		else {
			Files.createFile(file);
		}
		Files.writeString(file, content);
	}

	private static String newPassword() {
		byte[] random = new byte[24];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The main class of the broker's JVM. Its arguments: the broker's configuration file and,
	 * optionally, a file of {@code kafka-storage} arguments, one a line, to format the storage with
	 * first, in the same JVM (a second JVM would cost seconds) and with no secret on a command line.
	 * It stops the broker once its standard input ends, that is once the JVM that started it is gone.
	 */
	static final class Launcher {

		private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

		private Launcher() {
		}

		public static void main(String[] args) throws Exception {
			watchParent();
			if (args.length > 1) {
				String[] format = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8).toArray(String[]::new);
				int exit = (int) Class.forName("kafka.tools.StorageTool")
					.getMethod("execute", String[].class, PrintStream.class)
					.invoke(null, format, System.out);
				if (exit != 0) {
					System.out.println("kafka-storage format exited with " + exit);
					System.exit(exit);
				}
			}
			Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) new String[] { args[0] });
		}

		/**
		 * Stops this JVM, as SIGTERM would, once standard input ends: the parent is gone, or stopping
		 * this broker (which closes the pipe while it signals); halts it if that takes too long.
		 */
		private static void watchParent() {
			Thread watch = new Thread(() -> {
				try (InputStream parent = System.in) {
					while (parent.read() != -1) {
						// Nothing is ever written; the read returns once the pipe closes.
					}
				}
				catch (IOException ex) {
					// The pipe broke: the parent is gone all the same.
				}
				Thread deadline = new Thread(() -> {
					try {
						Thread.sleep(SHUTDOWN_TIMEOUT.toMillis());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					Runtime.getRuntime().halt(1);
				}, "shutdown-deadline");
				deadline.setDaemon(true);
				deadline.start();
				System.exit(0);
			}, "parent-watch");
			watch.setDaemon(true);
			watch.start();
		}
	}
}
