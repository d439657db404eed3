package dev.ordersaga.messaging.inbox;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox consumers' settings on top of Boot's. */
class MessagingConsumerFactoryTest {

	@Test
	void anIdleConsumersFetchWaitsASecondAtTheBrokerUnlessBootsSettingsSayOtherwise() {
		Map<String, Object> fromDefaults = InboxConfiguration
			.messagingConsumerFactory(new DefaultKafkaConsumerFactory<>(Map.of()))
			.getConfigurationProperties();
		Map<String, Object> fromBoot = InboxConfiguration
			.messagingConsumerFactory(
					new DefaultKafkaConsumerFactory<>(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200)))
			.getConfigurationProperties();

		assertThat(fromDefaults).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1_000)
			.containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		assertThat(fromBoot).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
	}

}
