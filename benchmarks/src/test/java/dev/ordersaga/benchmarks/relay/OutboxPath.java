package dev.ordersaga.benchmarks.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.benchmarks.BenchmarkEvents;
import dev.ordersaga.benchmarks.OnCommit;
import dev.ordersaga.benchmarks.PublishingPath;
import dev.ordersaga.benchmarks.SpringArguments;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.outbox.Outbox;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.awaitility.Awaitility.await;

/**
 * Our path: the service appends each event to the outbox in its own transaction
 * ({@link Outbox#append}), and one or more relay instances publish the rows. Each instance is a
 * Spring context of its own with the library's defaults; all share the service's schema, as
 * replicas of one service do.
 */
public final class OutboxPath implements PublishingPath {

	/** The service the instances play: its name is also its database role and schema. */
	public static final String APPLICATION = "relay-benchmark";

	private static final String SCHEMA = APPLICATION.replace('-', '_');

	/** The row {@link Outbox#append} writes, for a backlog written in one statement batch. */
	private static final String INSERT = """
			INSERT INTO outbox_event (position, event_id, topic, aggregate_type, aggregate_id, event_type,
			                          schema_version, traceparent, envelope)
			VALUES (nextval('outbox_event_position'), ?, ?, ?, ?, ?, ?, ?, ?)
			""";

	private final Map<String, Object> properties;

	private final DataSource adminDataSource;

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final Outbox outbox;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final EventCodec codec = new EventCodec();

	private OutboxPath(Map<String, Object> properties, DataSource adminDataSource) {
		this.properties = properties;
		this.adminDataSource = adminDataSource;
		ConfigurableApplicationContext first = addInstance();
		this.outbox = first.getBean(Outbox.class);
		this.jdbc = new JdbcTemplate(first.getBean(DataSource.class));
		this.transactions = new TransactionTemplate(first.getBean(PlatformTransactionManager.class));
	}

	/**
	 * Starts the first instance; its Flyway creates the outbox table.
	 * @param infrastructure the shared database and broker, must not be {@literal null}
	 * @param poolSize connections of each instance's pool
	 * @return the path with one relay instance running, never {@literal null}
	 */
	public static OutboxPath start(TestInfrastructure infrastructure, int poolSize) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.application.name", APPLICATION);
		properties.putAll(infrastructure.springProperties(APPLICATION));
		properties.put("spring.flyway.schemas", SCHEMA);
		properties.put("spring.flyway.default-schema", SCHEMA);
		properties.put("spring.datasource.hikari.maximum-pool-size", poolSize);
		// A relay instance, not a consumer; the benchmark creates the topic itself.
		properties.put("ordersaga.messaging.consumer.enabled", false);
		properties.put("ordersaga.messaging.topics.create", false);
		return new OutboxPath(Collections.unmodifiableMap(properties), infrastructure.adminDataSource());
	}

	/**
	 * Starts one more relay instance beside the running ones.
	 * @return its context, never {@literal null}
	 */
	public ConfigurableApplicationContext addInstance() {
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(RelayInstance.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(SpringArguments.of(properties));
		instances.add(instance);
		return instance;
	}

	/** @return the settings of the relay's Kafka producer (the library's: idempotent, acks=all, …) */
	public Map<String, Object> producerConfig() {
		KafkaTemplate<?, ?> template = first().getBean("messagingKafkaTemplate", KafkaTemplate.class);
		return Map.copyOf(template.getProducerFactory().getConfigurationProperties());
	}

	@Override
	public String name() {
		return "Outbox relay, " + instances.size() + (instances.size() == 1 ? " instance" : " instances");
	}

	@Override
	public String topic() {
		return Topics.ORDERS.name();
	}

	@Override
	public void commitBacklog(List<UUID> orderIds, Runnable onCommit) {
		List<Object[]> rows = new ArrayList<>(orderIds.size());
		for (UUID orderId : orderIds) {
			EventEnvelope envelope = BenchmarkEvents.envelope(codec, orderId);
			rows.add(new Object[] { envelope.eventId(), topic(), envelope.aggregateType(), envelope.aggregateId(),
					envelope.eventType(), envelope.schemaVersion(), envelope.traceparent(), codec.writeString(envelope) });
		}
		transactions.executeWithoutResult(status -> {
			OnCommit.run(onCommit);
			jdbc.batchUpdate(INSERT, rows);
		});
	}

	@Override
	public void commitOne(UUID orderId, Runnable onCommit) {
		transactions.executeWithoutResult(status -> {
			OnCommit.run(onCommit);
			outbox.append(BenchmarkEvents.orderPlaced(orderId));
		});
	}

	@Override
	public void awaitAllMarkedPublished(Duration timeout) {
		JdbcTemplate admin = new JdbcTemplate(adminDataSource);
		await().atMost(timeout)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> admin.queryForObject(
					"SELECT count(*) FROM " + SCHEMA + ".outbox_event WHERE published_at IS NULL", Long.class) == 0L);
	}

	@Override
	public void cleanUp() {
		JdbcTemplate admin = new JdbcTemplate(adminDataSource);
		admin.update("DELETE FROM " + SCHEMA + ".outbox_event WHERE published_at IS NOT NULL");
		admin.execute("VACUUM ANALYZE " + SCHEMA + ".outbox_event");
	}

	@Override
	public void close() {
		for (int i = instances.size() - 1; i >= 0; i--) {
			instances.get(i).close();
		}
		instances.clear();
	}

	private ConfigurableApplicationContext first() {
		if (instances.isEmpty()) {
			throw new IllegalStateException("No relay instance is running");
		}
		return instances.get(0);
	}
}
