package dev.ordersaga.messaging.inbox;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingConsumerFactoryTest {

	@Test
	void aConsumerLeftByACrashedServiceLosesItsPartitionsAfterTenSecondsNotKafkasFortyFive() {
		Map<String, Object> config = InboxConfiguration
			.messagingConsumerFactory(new DefaultKafkaConsumerFactory<>(Map.of("bootstrap.servers", "127.0.0.1:9092")))
			.getConfigurationProperties();

		assertThat(config).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
			.containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
			.containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
	}

	@Test
	void aSessionTimeoutSetInBootsSettingsIsKept() {
		Map<String, Object> config = InboxConfiguration
			.messagingConsumerFactory(new DefaultKafkaConsumerFactory<>(Map.of("bootstrap.servers", "127.0.0.1:9092",
					ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000")))
			.getConfigurationProperties();

		assertThat(config).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000");
	}
}
