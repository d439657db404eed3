package dev.ordersaga.messaging.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import dev.ordersaga.messaging.MessagingProperties;

import static org.assertj.core.api.Assertions.assertThat;

class TopicProvisioningTest {

	static final MessagingProperties.Topics PRODUCTION = new MessagingProperties.Topics(true, 6, (short) 3, (short) 2,
			null, Duration.ofDays(28));

	@Test
	void serviceOwnsTheTopicsItProducesAndItsDeadLetterTopicOnly() {
		assertThat(TopicProvisioning.ownedTopics("order-service", PRODUCTION)).extracting(NewTopic::name)
			.containsExactly("orders.v1", "order-service.dlt");
		assertThat(TopicProvisioning.ownedTopics("inventory-service", PRODUCTION)).extracting(NewTopic::name)
			.containsExactly("inventory.v1", "catalog.v1", "inventory-service.dlt");
		assertThat(TopicProvisioning.ownedTopics("analytics-service", PRODUCTION)).extracting(NewTopic::name)
			.containsExactly("analytics-service.dlt");
	}

	@Test
	void producedTopicsKeepTheirEventsForEverAndTheDeadLetterTopicForItsRetention() {
		List<NewTopic> topics = TopicProvisioning.ownedTopics("order-service", PRODUCTION);

		NewTopic orders = topics.get(0);
		assertThat(orders.numPartitions()).isEqualTo(6);
		assertThat(orders.replicationFactor()).isEqualTo((short) 3);
		assertThat(orders.configs()).isEqualTo(Map.of("min.insync.replicas", "2", "retention.ms", "-1"));
		NewTopic deadLetters = topics.get(1);
		assertThat(deadLetters.numPartitions()).isEqualTo(1);
		assertThat(deadLetters.replicationFactor()).isEqualTo((short) 3);
		assertThat(deadLetters.configs()).containsEntry("retention.ms", String.valueOf(Duration.ofDays(28).toMillis()));
	}

	@Test
	void configuredRetentionLimitsTheProducedTopics() {
		var settings = new MessagingProperties.Topics(true, 3, (short) 1, (short) 1, Duration.ofDays(365),
				Duration.ofDays(28));

		assertThat(TopicProvisioning.ownedTopics("payment-service", settings).get(0).configs())
			.containsEntry("retention.ms", String.valueOf(Duration.ofDays(365).toMillis()));
	}
}
