package dev.ordersaga.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real PostgreSQL and one real Kafka broker per JVM, shared by every test in it and stopped when
 * the JVM exits. Each service gets its own role and schema in one database, as in production.
 */
public final class TestInfrastructure {

	private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

	private static final String DATABASE = "ordersaga";

	private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");

	private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

	private static volatile @Nullable TestInfrastructure instance;

	private final InfrastructureMode mode;

	private final Backend backend;

	private final Map<String, ServiceDatabase> databases = new ConcurrentHashMap<>();

	private volatile @Nullable AuthServerProcess auth;

	private TestInfrastructure(InfrastructureMode mode, Backend backend) {
		this.mode = mode;
		this.backend = backend;
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
		String configured = InfrastructureMode.configured();
		InfrastructureMode mode = InfrastructureMode.select(configured, TestInfrastructure::dockerAvailable);
		long started = System.nanoTime();
		Backend backend = mode == InfrastructureMode.CONTAINERS ? new Containers() : new Local();
		TestInfrastructure infrastructure = new TestInfrastructure(mode, backend);
		infrastructure.createDatabase();
		Runtime.getRuntime().addShutdownHook(new Thread(backend::stop, "test-infrastructure-stop"));
		log.info("Test infrastructure: {} ({}) in {} ms: PostgreSQL {} [{}], Kafka {}", mode,
				configured == null ? "auto: Docker " + (mode == InfrastructureMode.CONTAINERS ? "answered" : "did not answer")
						: InfrastructureMode.PROPERTY + "=" + configured,
				Duration.ofNanos(System.nanoTime() - started).toMillis(), infrastructure.jdbcUrl(),
				infrastructure.serverVersion(), backend.kafkaBootstrapServers());
		return infrastructure;
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
		return backend.kafkaBootstrapServers();
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
	 * @param applicationName the service's {@code spring.application.name}, must not be {@literal null}
	 * @return the Spring properties that connect the service to this infrastructure, and, when it is an
	 * OAuth2 resource server, to {@link #auth() the authorization server}
	 */
	public Map<String, Object> springProperties(String applicationName) {
		ServiceDatabase database = database(applicationName);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", database.username());
		properties.put("spring.datasource.password", database.password());
		properties.put("spring.flyway.user", database.migrationUsername());
		properties.put("spring.flyway.password", database.migrationPassword());
		properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
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
	 * service in its JVM produces (a consumer never creates the topics it reads).
	 * @param topics the topic names, must not be {@literal null}
	 */
	public void createTopics(Collection<String> topics) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()))) {
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

		String kafkaBootstrapServers();

		void stop();
	}

	/** Embedded PostgreSQL (run under {@code unshare -U} as root) and an in-JVM KRaft broker. */
	private static final class Local implements Backend {

		private final EmbeddedPostgres postgres;

		private final EmbeddedKafkaKraftBroker kafka;

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
			kafka = new EmbeddedKafkaKraftBroker(1, 3);
			kafka.brokerProperties(Map.of("auto.create.topics.enable", "true",
					"group.initial.rebalance.delay.ms", "0", "offsets.topic.replication.factor", "1",
					"transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
			kafka.afterPropertiesSet();
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
		public String kafkaBootstrapServers() {
			return kafka.getBrokersAsString();
		}

		@Override
		public void stop() {
			kafka.destroy();
			try {
				postgres.close();
			}
			catch (java.io.IOException ex) {
				log.warn("Embedded PostgreSQL did not stop cleanly", ex);
			}
		}
	}

	/** PostgreSQL and Kafka in containers. */
	private static final class Containers implements Backend {

		private final PostgreSQLContainer postgres;

		private final KafkaContainer kafka;

		Containers() {
			postgres = new PostgreSQLContainer("postgres:17-alpine").withCommand("postgres", "-c", "max_connections=300",
					"-c", "fsync=off");
			kafka = new KafkaContainer("apache/kafka:4.1.2");
			postgres.start();
			kafka.start();
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
		public String kafkaBootstrapServers() {
			return kafka.getBootstrapServers();
		}

		@Override
		public void stop() {
			kafka.stop();
			postgres.stop();
		}
	}
}
