package dev.ordersaga.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import dev.ordersaga.contracts.KafkaPrincipals;

/**
 * Who may log in to the suite's Kafka, with the passwords of the secrets folder: {@code kafka-admin}
 * for the admin principal (the brokers' super user, which they also log in to each other as) and
 * {@code kafka-order-service} and so on for each service's principal. Passwords are read from the
 * files only, never taken from the command line, and never printed.
 * <ul>
 * <li>{@code KafkaAccess format <cluster-id> <server.properties> <secrets>}: formats a node's storage,
 * as {@code kafka-storage.sh format} does, with the admin's SCRAM credential in its bootstrap
 * metadata (the password goes to Kafka's storage tool inside this JVM, so no process lists it);</li>
 * <li>{@code KafkaAccess provision <bootstrap-servers> <secrets> [seconds]}: logs in as the admin and
 * sets each service's password and ACLs ({@link KafkaPrincipals#provision}), trying again until the
 * brokers accept the admin or the seconds (120 unless given) run out. Safe to run again; a password
 * file changed by hand takes effect.</li>
 * </ul>
 */
public final class KafkaAccess {

	static final String ADMIN = "admin";

	private static final Duration ATTEMPT = Duration.ofSeconds(15);

	private static final Duration PAUSE = Duration.ofSeconds(1);

	private KafkaAccess() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length == 4 && args[0].equals("format") && Files.isDirectory(Path.of(args[3]))) {
			format(args[1], args[2], Path.of(args[3]));
		}
		else if ((args.length == 3 || args.length == 4 && args[3].matches("\\d{1,4}")) && args[0].equals("provision")
				&& Files.isDirectory(Path.of(args[2]))) {
			Duration limit = Duration.ofSeconds(args.length == 4 ? Integer.parseInt(args[3]) : 120);
			System.exit(provision(args[1], Path.of(args[2]), limit) ? 0 : 1);
		}
		else {
			System.err.println("usage: KafkaAccess format <cluster-id> <server.properties> <secrets-folder>");
			System.err.println("       KafkaAccess provision <bootstrap-servers> <secrets-folder> [seconds]");
			System.exit(2);
		}
	}

	private static void format(String clusterId, String config, Path secrets) throws IOException {
		String scram = KafkaPrincipals.MECHANISM + "=[name=" + ADMIN + ",password=" + password(secrets, "kafka-admin")
				+ "]";
		// Exits the JVM with the tool's status.
		kafka.tools.StorageTool.main(new String[] { "format", "-t", clusterId, "-c", config, "--add-scram", scram });
	}

	private static boolean provision(String bootstrapServers, Path secrets, Duration limit) throws IOException {
		Map<String, Object> login = new HashMap<>(KafkaPrincipals.clientLogin(ADMIN, password(secrets, "kafka-admin")));
		login.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		login.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
		login.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
		Map<String, String> passwords = new LinkedHashMap<>();
		for (String service : KafkaPrincipals.services()) {
			passwords.put(service, password(secrets, "kafka-" + service));
		}
		long deadline = System.nanoTime() + limit.toNanos();
		int attempts = 0;
		while (true) {
			attempts++;
			// A new client each time: one that failed to authenticate keeps failing.
			try (Admin admin = Admin.create(login)) {
				KafkaPrincipals.provision(admin, passwords, ATTEMPT);
				System.out.println("Kafka principals ready (SCRAM password and ACLs each, attempt " + attempts + "): "
						+ List.copyOf(passwords.keySet()));
				return true;
			}
			catch (RuntimeException ex) {
				// The brokers are starting: not listening yet, not knowing the admin's credential yet, no
				// controller yet.
				System.err.println("attempt " + attempts + ": " + ex.getMessage());
				if (System.nanoTime() - deadline > 0) {
					System.err.println("The brokers at " + bootstrapServers + " did not accept the admin within "
							+ limit.toSeconds() + " s (" + attempts + " attempts)");
					return false;
				}
				LockSupport.parkNanos(PAUSE.toNanos());
			}
		}
	}

	private static String password(Path secrets, String name) throws IOException {
		Path file = secrets.resolve(name);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("no password for " + name + " in " + secrets);
		}
		String password = Files.readString(file).strip();
		if (password.length() < 20) {
			throw new IllegalStateException("the password in " + file + " is shorter than 20 characters");
		}
		return password;
	}
}
