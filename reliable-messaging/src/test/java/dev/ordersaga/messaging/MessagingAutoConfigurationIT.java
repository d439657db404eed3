package dev.ordersaga.messaging;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.messaging.inbox.InboxConsumer;
import dev.ordersaga.messaging.inbox.InboxProcessor;
import dev.ordersaga.messaging.outbox.MessagingHousekeeping;
import dev.ordersaga.messaging.outbox.Outbox;
import dev.ordersaga.messaging.outbox.OutboxRelay;
import dev.ordersaga.messaging.topics.TopicProvisioning;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingAutoConfigurationIT {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, KafkaAutoConfiguration.class,
				FlywayAutoConfiguration.class, MessagingAutoConfiguration.class))
		.withPropertyValues(properties("order-service"));

	@Test
	void registersTheOutboxRelayInboxAndMigratesTheMessagingTables() {
		runner.run(context -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(Outbox.class)
				.hasSingleBean(OutboxRelay.class)
				.hasSingleBean(InboxProcessor.class)
				.hasSingleBean(InboxConsumer.class)
				.hasSingleBean(MessagingHousekeeping.class)
				.hasSingleBean(EventCodec.class)
				.hasSingleBean(TraceparentSource.class)
				.hasBean("messagingKafkaTemplate");
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = "
					+ "current_schema()", String.class))
				.contains("outbox_event", "inbox_event", MessagingSchemaMigration.HISTORY_TABLE);
		});
	}

	@Test
	void relayCanBeSwitchedOffPerInstance() {
		runner.withPropertyValues("ordersaga.messaging.relay.enabled=false")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OutboxRelay.class).hasSingleBean(Outbox.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnCodec() {
		runner.withUserConfiguration(OwnCodec.class)
			.run(context -> assertThat(context).hasNotFailed().getBean(EventCodec.class).isSameAs(OwnCodec.CODEC));
	}

	@Test
	void rejectsInvalidSettingsWithTheOffendingProperty() {
		runner.withPropertyValues("ordersaga.messaging.relay.ordering-buckets=100")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("ordering-buckets must be a power of two"));
	}

	@Test
	void createsTheTopicsTheServiceOwnsUnlessSwitchedOff() {
		runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(TopicProvisioning.class));
		runner.withPropertyValues("ordersaga.messaging.topics.create=false")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(TopicProvisioning.class));
	}

	@Test
	void rejectsMoreInSyncReplicasThanReplicas() {
		runner.withPropertyValues("ordersaga.messaging.topics.replication-factor=1",
				"ordersaga.messaging.topics.min-insync-replicas=2")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("min-insync-replicas must lie between 1 and replication-factor"));
	}

	@Test
	void reportsTheInboxHealthUnlessSwitchedOff() {
		runner.run(context -> assertThat(context).hasNotFailed().hasBean("inboxHealthIndicator"));
		runner.withPropertyValues("management.health.inbox.enabled=false")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("inboxHealthIndicator"));
	}

	@Test
	void startsWithoutTheServletApiForARelayOrConsumerWithoutAWebServer() {
		runner.withClassLoader(new FilteredClassLoader("jakarta.servlet"))
			.run(context -> assertThat(context).hasNotFailed().hasSingleBean(OutboxRelay.class));
	}

	@Test
	void staysAwayFromApplicationsWithoutADataSource() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MessagingAutoConfiguration.class))
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Outbox.class));
	}

	private static String[] properties(String application) {
		Map<String, Object> infrastructure = TestInfrastructure.get().springProperties(application);
		String schema = application.replace('-', '_');
		return java.util.stream.Stream
			.concat(infrastructure.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()),
					java.util.stream.Stream.of("spring.application.name=" + application,
							"spring.flyway.schemas=" + schema, "spring.flyway.default-schema=" + schema,
							"ordersaga.messaging.consumer.enabled=false"))
			.toArray(String[]::new);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCodec {

		static final EventCodec CODEC = new EventCodec();

		@Bean
		EventCodec eventCodec() {
			return CODEC;
		}
	}
}
