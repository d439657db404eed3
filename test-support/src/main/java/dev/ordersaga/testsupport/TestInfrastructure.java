package dev.ordersaga.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.util.FileSystemUtils;

import dev.ordersaga.contracts.KafkaPrincipals;

import static org.awaitility.Awaitility.await;

/**
 * One real PostgreSQL and one real Kafka broker per JVM, shared by every test in it and stopped when
 * the JVM exits. Each service gets its own role and schema in one database, and its own Kafka
 * principal with the ACLs of {@link KafkaPrincipals}, as in production. PostgreSQL is a container
 * where Docker answers and an embedded server otherwise; Kafka is a {@link KafkaBrokerProcess} in
 * both cases (SASL/SCRAM, an authorizer that denies what no ACL allows), started while PostgreSQL
 * starts. Passwords are made up for the JVM and printed nowhere.
 */
public final class TestInfrastructure {

	private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

	private static final String DATABASE = "ordersaga";

	private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");

	private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

	/** The Kafka principal that may do anything: creates topics, reads and forges any event. */
	public static final String KAFKA_ADMIN = KafkaBrokerProcess.ADMIN;

	/**
	 * A Spring property that makes {@link RealInfrastructure} log the application in to Kafka as this
	 * principal instead of the one {@link #springProperties(String)} picks: for a test application
	 * that plays more than one service (the library's), {@value #KAFKA_ADMIN}.
	 */
	public static final String KAFKA_PRINCIPAL_PROPERTY = "ordersaga.test.kafka-principal";

	private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

	private static volatile @Nullable TestInfrastructure instance;

	private final InfrastructureMode mode;

	private final Backend backend;

	private final KafkaBrokerProcess kafka;

	private final Map<String, ServiceDatabase> databases = new ConcurrentHashMap<>();

	private final Map<String, String> kafkaPasswords = new ConcurrentHashMap<>();

	private volatile @Nullable AuthServerProcess auth;

	private TestInfrastructure(InfrastructureMode mode, Backend backend, KafkaBrokerProcess kafka) {
		this.mode = mode;
		this.backend = backend;
		this.kafka = kafka;
	}

	/** @return the JVM's infrastructure, started on first use */
	public static TestInfrastructure get() {
		TestInfrastructure current = instance;
		if (current == null) {
			synchronized (TestInfrastructure.class) {
				current = instance;
				if (current == null) {
					current = start();
					instance = current;
				}
			}
		}
		return current;
	}

	private static TestInfrastructure start() {
		long started = System.nanoTime();
		Path kafkaDirectory = Path.of("target", "kafka-" + UUID.randomUUID()).toAbsolutePath();
		FutureTask<KafkaBrokerProcess> kafkaStart = new FutureTask<>(() -> KafkaBrokerProcess.start(kafkaDirectory));
		Thread kafkaStarter = new Thread(kafkaStart, "test-kafka-start");
		kafkaStarter.setDaemon(true);
		kafkaStarter.start();
		String configured = InfrastructureMode.configured();
		InfrastructureMode mode;
		Backend backend;
		try {
			mode = InfrastructureMode.select(configured, TestInfrastructure::dockerAvailable);
			backend = mode == InfrastructureMode.CONTAINERS ? new Containers() : new Local();
		}
		catch (RuntimeException ex) {
			stopWhenStarted(kafkaStart);
			throw ex;
		}
		KafkaBrokerProcess kafka;
		try {
			kafka = kafkaStart.get();
		}
		catch (ExecutionException ex) {
			backend.stop();
			throw new IllegalStateException("The test Kafka broker did not start", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			backend.stop();
			stopWhenStarted(kafkaStart);
			throw new IllegalStateException("Interrupted while the test Kafka broker started", ex);
		}
		TestInfrastructure infrastructure = new TestInfrastructure(mode, backend, kafka);
		Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::stop, "test-infrastructure-stop"));
		infrastructure.createDatabase();
		log.info("Test infrastructure: {} ({}) in {} ms: PostgreSQL {} [{}], Kafka {} (SASL/SCRAM, ACLs)", mode,
				configured == null ? "auto: Docker " + (mode == InfrastructureMode.CONTAINERS ? "answered" : "did not answer")
						: InfrastructureMode.PROPERTY + "=" + configured,
				Duration.ofNanos(System.nanoTime() - started).toMillis(), infrastructure.jdbcUrl(),
				infrastructure.serverVersion(), kafka.bootstrapServers());
		return infrastructure;
	}

	/** Stops a broker whose start is still under way once it has started, in the background. */
	private static void stopWhenStarted(FutureTask<KafkaBrokerProcess> start) {
		Thread stopper = new Thread(() -> {
			try {
				start.get().close();
			}
			catch (ExecutionException | InterruptedException ex) {
				// It did not start: nothing to stop.
			}
		}, "test-kafka-stop");
		stopper.setDaemon(true);
		stopper.start();
	}

	private void stop() {
		try {
			kafka.close();
			FileSystemUtils.deleteRecursively(kafka.directory().resolve("data"));
		}
		catch (IOException | RuntimeException ex) {
			log.warn("The test Kafka broker did not stop cleanly", ex);
		}
		backend.stop();
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** @return where the infrastructure runs */
	public InfrastructureMode mode() {
		return mode;
	}

	/** @return the broker's bootstrap servers, e.g. {@code 127.0.0.1:39021} */
	public String kafkaBootstrapServers() {
		return kafka.bootstrapServers();
	}

	/** @return the broker itself, for the tests of this package */
	KafkaBrokerProcess kafkaBroker() {
		return kafka;
	}

	/**
	 * @return the client settings of the broker's admin, a super user: bootstrap servers, security
	 * protocol, SASL mechanism and login, for the test code that reads topics, forges events or
	 * creates and deletes topics; the password prints as {@code [hidden]}
	 */
	public Map<String, Object> kafkaAdminConfig() {
		return kafka.adminConfig();
	}

	/**
	 * The client settings of a Kafka principal, created once per JVM with a password made up for it
	 * and the ACLs {@link KafkaPrincipals#aclsOf(String)} gives it: a service's name gets what the
	 * service may do, any other name a principal that may do nothing (only log in).
	 * @param principal the principal's name (lower case letters, digits and dashes), must not be
	 * {@literal null}; {@value #KAFKA_ADMIN} gives {@link #kafkaAdminConfig()}
	 * @return bootstrap servers, security protocol, SASL mechanism and login; the password prints as
	 * {@code [hidden]}
	 */
	public Map<String, Object> kafkaClientConfig(String principal) {
		if (KAFKA_ADMIN.equals(principal)) {
			return kafkaAdminConfig();
		}
		Map<String, Object> config = new HashMap<>(
				KafkaBrokerProcess.hidden(KafkaPrincipals.clientLogin(principal, kafkaPassword(principal))));
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers());
		return Map.copyOf(config);
	}

	/**
	 * @param principal a principal's name, must not be {@literal null}; {@value #KAFKA_ADMIN} for
	 * the admin, any other as in {@link #kafkaClientConfig(String)}
	 * @return Spring Boot's Kafka properties that connect as that principal:
	 * {@code spring.kafka.bootstrap-servers}, {@code spring.kafka.security.protocol},
	 * {@code spring.kafka.properties.sasl.mechanism} and {@code spring.kafka.properties.sasl.jaas.config}
	 */
	public Map<String, Object> kafkaSpringProperties(String principal) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
		properties.put("spring.kafka.security.protocol", "SASL_PLAINTEXT");
		properties.put("spring.kafka.properties." + SaslConfigs.SASL_MECHANISM, KafkaPrincipals.MECHANISM);
		properties.put("spring.kafka.properties." + SaslConfigs.SASL_JAAS_CONFIG,
				KAFKA_ADMIN.equals(principal) ? kafka.adminJaasConfig()
						: KafkaPrincipals.jaasConfig(principal, kafkaPassword(principal)));
		return properties;
	}

	/**
	 * @param applicationName a {@code spring.application.name}, must not be {@literal null}
	 * @return the Kafka principal an application of that name logs in as by default: a service of the
	 * saga ({@link KafkaPrincipals#services()}) its own, with its ACLs; any other application (a
	 * library's test application, a benchmark) {@value #KAFKA_ADMIN}
	 */
	public static String kafkaPrincipalOf(String applicationName) {
		return KafkaPrincipals.services().contains(applicationName) ? applicationName : KAFKA_ADMIN;
	}

	private String kafkaPassword(String principal) {
		if (!SERVICE_NAME.matcher(principal).matches()) {
			throw new IllegalArgumentException("Not a principal name: \"" + principal
					+ "\" (lower case letters, digits and dashes)");
		}
		return kafkaPasswords.computeIfAbsent(principal, this::provision);
	}

	/** Creates the principal and its ACLs, and waits until the broker lets it log in with them. */
	private String provision(String principal) {
		String password = newPassword();
		int acls = KafkaPrincipals.aclsOf(principal).size();
		AclBindingFilter ofPrincipal = new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(
				"User:" + principal, null, AclOperation.ANY, AclPermissionType.ANY));
		try (Admin admin = Admin.create(kafkaAdminConfig())) {
			KafkaPrincipals.provision(admin, Map.of(principal, password), KAFKA_TIMEOUT);
			await("the broker knows the Kafka principal " + principal).atMost(KAFKA_TIMEOUT)
				.ignoreExceptions()
				.until(() -> admin.describeUserScramCredentials(List.of(principal)).all().get().containsKey(principal)
						&& admin.describeAcls(ofPrincipal).values().get().size() >= acls);
		}
		return password;
	}

	/** @return the JDBC URL of the shared database */
	public String jdbcUrl() {
		return "jdbc:postgresql://" + backend.host() + ":" + backend.port() + "/" + DATABASE;
	}

	/** @return the superuser's data source, for assertions and setup across schemas */
	public DataSource adminDataSource() {
		return backend.adminDataSource(DATABASE);
	}

	/**
	 * Creates, once, a service's schema and two login roles with passwords made up for this JVM
	 * ({@code order-service} → schema and runtime role {@code order_service}, migration role
	 * {@code order_service_owner}). The migration role owns the schema; the runtime role may use it
	 * and read and write the rows of the tables the migration role creates there, nothing else. No
	 * role may use another service's schema or create objects in {@code public}.
	 * @param applicationName the service's {@code spring.application.name}, must not be {@literal null}
	 * @return how the service connects, never {@literal null}
	 */
	public ServiceDatabase database(String applicationName) {
		if (!SERVICE_NAME.matcher(applicationName).matches()) {
			throw new IllegalArgumentException("Not a service name: \"" + applicationName
					+ "\" (lower case letters, digits and dashes)");
		}
		String role = applicationName.replace('-', '_');
		return databases.computeIfAbsent(role, this::createRoles);
	}

	private ServiceDatabase createRoles(String role) {
		String owner = role + "_owner";
		String password = newPassword();
		String ownerPassword = newPassword();
		execute(adminDataSource(), createOrUpdateRole(owner, ownerPassword), createOrUpdateRole(role, password),
				"CREATE SCHEMA IF NOT EXISTS " + role + " AUTHORIZATION " + owner,
				"REVOKE ALL ON SCHEMA " + role + " FROM PUBLIC",
				"GRANT USAGE ON SCHEMA " + role + " TO " + role,
				"ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA " + role
						+ " GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO " + role,
				"ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA " + role
						+ " GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO " + role,
				"REVOKE CREATE ON SCHEMA public FROM PUBLIC");
		return new ServiceDatabase(jdbcUrl(), role, password, role, owner, ownerPassword);
	}

	private static String createOrUpdateRole(String role, String password) {
		return "DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN ALTER ROLE " + role
				+ " LOGIN PASSWORD '" + password + "'; ELSE CREATE ROLE " + role + " LOGIN PASSWORD '" + password
				+ "'; END IF; END $$";
	}

	private static String newPassword() {
		byte[] random = new byte[18];
		RANDOM.nextBytes(random);
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	/**
	 * @return the real authorization server beside the tests, started on first use (its first token
	 * waits until it is UP)
	 */
	public AuthServerProcess auth() {
		AuthServerProcess current = auth;
		if (current == null) {
			synchronized (this) {
				current = auth;
				if (current == null) {
					current = new AuthServerProcess(this);
					auth = current;
				}
			}
		}
		return current;
	}

	/**
	 * The Spring properties that connect an application to this infrastructure: its database role
	 * ({@link #database(String)}), the broker, and, when it is an OAuth2 resource server,
	 * {@link #auth() the authorization server}. On Kafka a service of the saga logs in as its own
	 * principal, so that its tests run under its real ACLs; any other application (a library's test
	 * application, a benchmark) as the admin ({@link #kafkaPrincipalOf(String)}).
	 * @param applicationName the application's {@code spring.application.name}, must not be {@literal null}
	 * @return the properties, never {@literal null}
	 */
	public Map<String, Object> springProperties(String applicationName) {
		return springProperties(applicationName, kafkaPrincipalOf(applicationName));
	}

	/**
	 * As {@link #springProperties(String)}, but on Kafka the application logs in as the given principal.
	 * @param applicationName the application's {@code spring.application.name}, must not be {@literal null}
	 * @param kafkaPrincipal as in {@link #kafkaSpringProperties(String)}, must not be {@literal null}
	 * @return the properties, never {@literal null}
	 */
	public Map<String, Object> springProperties(String applicationName, String kafkaPrincipal) {
		ServiceDatabase database = database(applicationName);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", database.username());
		properties.put("spring.datasource.password", database.password());
		properties.put("spring.flyway.user", database.migrationUsername());
		properties.put("spring.flyway.password", database.migrationPassword());
		properties.putAll(kafkaSpringProperties(kafkaPrincipal));
		ClassLoader classes = TestInfrastructure.class.getClassLoader();
		// A resource server checks tokens against auth-server; auth-server itself checks its own.
		if (org.springframework.util.ClassUtils.isPresent("org.springframework.security.oauth2.jwt.JwtDecoder", classes)
				&& !org.springframework.util.ClassUtils.isPresent(
						"org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings",
						classes)) {
			properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", auth().issuer());
			properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", auth().jwkSetUri());
		}
		return properties;
	}

	/**
	 * Creates topics, with the services' default of 3 partitions, where they do not exist yet, as
	 * their producing services would at startup: for a test of one service that consumes topics no
	 * service in its JVM produces (a consumer never creates the topics it reads). The admin creates them.
	 * @param topics the topic names, must not be {@literal null}
	 */
	public void createTopics(Collection<String> topics) {
		try (Admin admin = Admin.create(kafkaAdminConfig())) {
			Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			List<NewTopic> missing = topics.stream()
				.filter(topic -> !existing.contains(topic))
				.map(topic -> new NewTopic(topic, 3, (short) 1))
				.toList();
			for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(missing).values().entrySet()) {
				try {
					created.getValue().get(30, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw ex;
					}
				}
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Cannot create the test topics " + topics, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating the test topics " + topics, ex);
		}
	}

	private void createDatabase() {
		DataSource postgres = backend.adminDataSource("postgres");
		Boolean exists = query(postgres, "SELECT count(*) > 0 FROM pg_database WHERE datname = '" + DATABASE + "'");
		if (!Boolean.TRUE.equals(exists)) {
			execute(postgres, "CREATE DATABASE " + DATABASE);
		}
	}

	private String serverVersion() {
		return String.valueOf((Object) query(adminDataSource(), "SHOW server_version"));
	}

	@SuppressWarnings("unchecked")
	private static <T> @Nullable T query(DataSource dataSource, String sql) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				var result = statement.executeQuery(sql)) {
			return result.next() ? (T) result.getObject(1) : null;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Test database query failed: " + sql, ex);
		}
	}

	private static void execute(DataSource dataSource, String... statements) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Test database setup failed: " + String.join("; ", statements), ex);
		}
	}

	private interface Backend {

		String host();

		int port();

		DataSource adminDataSource(String database);

		void stop();
	}

	/** Embedded PostgreSQL (run under {@code unshare -U} as root). */
	private static final class Local implements Backend {

		private final EmbeddedPostgres postgres;

		Local() {
			try {
				postgres = EmbeddedPostgres.builder()
					.setLocaleConfig("locale", "C")
					.setLocaleConfig("encoding", "UTF8")
					.setServerConfig("max_connections", "300")
					.setServerConfig("fsync", "off")
					.setPGStartupWait(Duration.ofSeconds(60))
					.start();
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException("Embedded PostgreSQL did not start", ex);
			}
		}

		@Override
		public String host() {
			return "localhost";
		}

		@Override
		public int port() {
			return postgres.getPort();
		}

		@Override
		public DataSource adminDataSource(String database) {
			return postgres.getDatabase("postgres", database);
		}

		@Override
		public void stop() {
			try {
				postgres.close();
			}
			catch (java.io.IOException ex) {
				log.warn("Embedded PostgreSQL did not stop cleanly", ex);
			}
		}
	}

	/** PostgreSQL in a container. */
	private static final class Containers implements Backend {

		private final PostgreSQLContainer postgres;

		Containers() {
			postgres = new PostgreSQLContainer("postgres:17-alpine").withCommand("postgres", "-c", "max_connections=300",
					"-c", "fsync=off");
			postgres.start();
		}

		@Override
		public String host() {
			return postgres.getHost();
		}

		@Override
		public int port() {
			return postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
		}

		@Override
		public DataSource adminDataSource(String database) {
			PGSimpleDataSource dataSource = new PGSimpleDataSource();
			dataSource.setURL("jdbc:postgresql://" + host() + ":" + port() + "/" + database);
			dataSource.setUser(postgres.getUsername());
			dataSource.setPassword(postgres.getPassword());
			return dataSource;
		}

		@Override
		public void stop() {
			postgres.stop();
		}
	}
}
