package dev.ordersaga.benchmarks.modulith;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.benchmarks.OnCommit;
import dev.ordersaga.benchmarks.PublishingPath;
import dev.ordersaga.benchmarks.SpringArguments;
import dev.ordersaga.testsupport.ServiceDatabase;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.awaitility.Awaitility.await;

/**
 * The peer's path: {@link ModulithOrders} publishes inside its transaction, Spring Modulith stores
 * the publication in {@code event_publication} and, after the commit, its Kafka externalizer sends
 * the event on the application's task executor and marks the publication completed once Kafka
 * acknowledged it. One Spring context in a schema of its own; its Kafka producer gets the same
 * settings as our relay's.
 * <p>
 * Two properties of Spring Modulith 2.0.3 shape its figures: the {@code @Async} externalization
 * returns a {@code CompletableFuture}, and Spring's async interceptor holds the executor thread
 * until that future completes, so at most {@code executorThreads} events are in flight; and the
 * publication is marked completed in a transaction of its own on the thread that completes the
 * send's future, which is the Kafka producer's network thread.
 */
public final class ModulithPath implements PublishingPath {

	/** The peer application's name: also its database role and schema. */
	public static final String APPLICATION = "modulith-peer";

	private static final String SCHEMA = APPLICATION.replace('-', '_');

	/**
	 * Producer settings that belong to the connection, the login or the client, not to how records are
	 * sent: the peer gets its connection and login from the infrastructure, as our relay does.
	 */
	private static final Set<String> NOT_COPIED = Set.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
			ProducerConfig.CLIENT_ID_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
			ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
			SaslConfigs.SASL_MECHANISM, SaslConfigs.SASL_JAAS_CONFIG);

	private final ConfigurableApplicationContext context;

	private final DataSource adminDataSource;

	private final ModulithOrders orders;

	private final TransactionTemplate transactions;

	private ModulithPath(ConfigurableApplicationContext context, DataSource adminDataSource) {
		this.context = context;
		this.adminDataSource = adminDataSource;
		this.orders = context.getBean(ModulithOrders.class);
		this.transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
	}

	/**
	 * Starts the peer application; Spring Modulith creates its table.
	 * @param infrastructure the shared database and broker, must not be {@literal null}
	 * @param producerConfig our relay's Kafka producer settings, must not be {@literal null}
	 * @param poolSize connections of the application's pool
	 * @param executorThreads threads of the application's task executor, which externalizes the events
	 * @return the running path, never {@literal null}
	 */
	public static ModulithPath start(TestInfrastructure infrastructure, Map<String, Object> producerConfig,
			int poolSize, int executorThreads) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.application.name", APPLICATION);
		properties.putAll(infrastructure.springProperties(APPLICATION));
		// Spring Modulith creates its table at start, so the peer runs as the schema's owner.
		ServiceDatabase database = infrastructure.database(APPLICATION);
		properties.put("spring.datasource.url", database.jdbcUrl() + "?currentSchema=" + SCHEMA);
		properties.put("spring.datasource.username", database.migrationUsername());
		properties.put("spring.datasource.password", database.migrationPassword());
		properties.put("spring.flyway.enabled", false);
		properties.put("spring.modulith.events.jdbc.schema-initialization.enabled", true);
		properties.put("spring.datasource.hikari.maximum-pool-size", poolSize);
		// Each externalization holds an executor thread until Kafka acknowledged it and the publication
		// is marked completed, so these threads bound how many events are in flight.
		properties.put("spring.task.execution.pool.core-size", executorThreads);
		producerConfig.forEach((name, value) -> {
			if (!NOT_COPIED.contains(name)) {
				properties.put("spring.kafka.producer.properties." + name, value);
			}
		});
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ModulithPeer.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(SpringArguments.of(properties));
		return new ModulithPath(context, infrastructure.adminDataSource());
	}

	@Override
	public String name() {
		return "Spring Modulith 2.0 registry + Kafka externalization";
	}

	@Override
	public String topic() {
		return ModulithOrderPlaced.TOPIC;
	}

	@Override
	public void commitBacklog(List<UUID> orderIds, Runnable onCommit) {
		transactions.executeWithoutResult(status -> {
			OnCommit.run(onCommit);
			orderIds.forEach(orders::place);
		});
	}

	@Override
	public void commitOne(UUID orderId, Runnable onCommit) {
		transactions.executeWithoutResult(status -> {
			OnCommit.run(onCommit);
			orders.place(orderId);
		});
	}

	@Override
	public void awaitAllMarkedPublished(Duration timeout) {
		JdbcTemplate admin = new JdbcTemplate(adminDataSource);
		await().atMost(timeout)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> admin.queryForObject(
					"SELECT count(*) FROM " + SCHEMA + ".event_publication WHERE completion_date IS NULL",
					Long.class) == 0L);
	}

	@Override
	public void cleanUp() {
		JdbcTemplate admin = new JdbcTemplate(adminDataSource);
		admin.update("DELETE FROM " + SCHEMA + ".event_publication WHERE completion_date IS NOT NULL");
		admin.execute("VACUUM ANALYZE " + SCHEMA + ".event_publication");
	}

	@Override
	public void close() {
		context.close();
	}
}
