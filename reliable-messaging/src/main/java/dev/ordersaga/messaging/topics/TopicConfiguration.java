package dev.ordersaga.messaging.topics;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

import dev.ordersaga.messaging.MessagingProperties;

/**
 * The {@link TopicProvisioning} of the topics this service owns, unless
 * {@code ordersaga.messaging.topics.create} is {@code false} (topics made by a platform team, for
 * example).
 */
@Configuration(proxyBeanMethods = false)
public class TopicConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "ordersaga.messaging.topics.create", havingValue = "true", matchIfMissing = true)
	TopicProvisioning topicProvisioning(KafkaAdmin admin, MessagingProperties properties, Environment environment) {
		String application = environment.getRequiredProperty("spring.application.name");
		return new TopicProvisioning(admin.getConfigurationProperties(),
				TopicProvisioning.ownedTopics(application, properties.topics()),
				Duration.ofSeconds(admin.getOperationTimeout()),
				environment.getProperty("spring.kafka.admin.fail-fast", Boolean.class, false));
	}
}
