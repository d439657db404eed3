package dev.ordersaga.contracts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on Kafka, derived from the topic catalogue ({@link Topics}). Each service logs in
 * as a principal of its own name ({@code User:payment-service}, SASL/SCRAM-SHA-512) that may:
 * <ul>
 * <li>write, and create when missing, the topics it produces and its dead-letter topic;</li>
 * <li>read its dead-letter topic (the admin API lists and replays it) and the topics it consumes;</li>
 * <li>use the consumer groups whose names start with its own.</li>
 * </ul>
 * Nothing else: no other topic, no deleting or altering a topic, no ACLs, no cluster operation.
 * An admin principal, a super user of the broker, provisions the services' credentials and these
 * ACLs; the broker's authorizer denies what no ACL allows.
 */
public final class KafkaPrincipals {

	/** The SASL mechanism of every principal. */
	public static final String MECHANISM = "SCRAM-SHA-512";

	private static final int ITERATIONS = 8192;

	private KafkaPrincipals() {
	}

	/** @return the services that use Kafka: every producer and consumer of a saga topic, sorted */
	public static List<String> services() {
		TreeSet<String> services = new TreeSet<>();
		for (Topic topic : Topics.all()) {
			services.add(topic.producer());
			services.addAll(topic.consumers());
		}
		return List.copyOf(services);
	}

	/**
	 * @param service a service name, must not be {@literal null}
	 * @return what the service's principal is allowed, never {@literal null}; empty for a name that is
	 * not a service of the saga
	 */
	public static List<AclBinding> aclsOf(String service) {
		if (!services().contains(service)) {
			return List.of();
		}
		String principal = "User:" + service;
		List<AclBinding> acls = new ArrayList<>();
		List<String> written = new ArrayList<>(Topics.producedBy(service).stream().map(Topic::name).toList());
		written.add(Topics.deadLetterTopic(service));
		for (String topic : written) {
			acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
			acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.CREATE));
		}
		acls.add(allow(principal, ResourceType.TOPIC, Topics.deadLetterTopic(service), PatternType.LITERAL,
				AclOperation.READ));
		for (Topic topic : Topics.consumedBy(service)) {
			acls.add(allow(principal, ResourceType.TOPIC, topic.name(), PatternType.LITERAL, AclOperation.READ));
		}
		acls.add(allow(principal, ResourceType.GROUP, service, PatternType.PREFIXED, AclOperation.READ));
		return acls;
	}

	/**
	 * The client settings that log in as a principal, to add to a client's bootstrap servers.
	 * @param username the principal's name, must not be {@literal null}
	 * @param password its password, must not be {@literal null}
	 * @return {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}
	 */
	public static Map<String, Object> clientLogin(String username, String password) {
		return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", SaslConfigs.SASL_MECHANISM,
				MECHANISM, SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(username, password));
	}

	/**
	 * @param username the principal's name, must not be {@literal null}
	 * @param password its password, must not be {@literal null}
	 * @return the {@code sasl.jaas.config} of a SCRAM login
	 */
	public static String jaasConfig(String username, String password) {
		if (username.contains("\"") || password.contains("\"") || password.contains("\\")) {
			throw new IllegalArgumentException("A Kafka user name or password may not hold quotes or backslashes");
		}
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
				+ "\" password=\"" + password + "\";";
	}

	/**
	 * Sets each service's password (a SCRAM credential, created or replaced) and adds its ACLs. Safe
	 * to repeat: an ACL that exists already is left as it is.
	 * @param admin a client logged in as the admin principal, must not be {@literal null}
	 * @param passwords the password of each service, by service name, must not be {@literal null}
	 * @param timeout how long to wait for the broker, must not be {@literal null}
	 * @throws IllegalStateException when the broker refuses or does not answer in time
	 */
	public static void provision(Admin admin, Map<String, String> passwords, Duration timeout) {
		List<UserScramCredentialUpsertion> credentials = new ArrayList<>();
		List<AclBinding> acls = new ArrayList<>();
		passwords.forEach((service, password) -> {
			credentials.add(new UserScramCredentialUpsertion(service,
					new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password));
			acls.addAll(aclsOf(service));
		});
		try {
			admin.alterUserScramCredentials(List.copyOf(credentials)).all()
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!acls.isEmpty()) {
				admin.createAcls(acls).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("The broker refused the principals of " + names(passwords.keySet())
					+ ": " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The broker did not answer within " + timeout
					+ " while provisioning the principals of " + names(passwords.keySet()), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while provisioning Kafka principals", ex);
		}
	}

	private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
			AclOperation operation) {
		return new AclBinding(new ResourcePattern(type, name, pattern),
				new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
	}

	private static String names(Collection<String> services) {
		return String.join(", ", new TreeSet<>(services));
	}
}
