package dev.ordersaga.messaging.admin;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.inbox.InboxConfiguration;
import dev.ordersaga.messaging.inbox.InboxProcessor;
import dev.ordersaga.messaging.outbox.OutboxBacklog;
import dev.ordersaga.messaging.outbox.OutboxRelay;

/**
 * The admin endpoints under {@code /admin/messaging}; on by default, off with
 * {@code ordersaga.messaging.admin.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RestController.class)
@ConditionalOnProperty(name = "ordersaga.messaging.admin.enabled", havingValue = "true", matchIfMissing = true)
public class MessagingAdminConfiguration {

	@Bean
	DeadLetters deadLetters(ConsumerFactory<?, ?> bootConsumerFactory, Environment environment) {
		return new DeadLetters(InboxConfiguration.messagingConsumerFactory(bootConsumerFactory),
				Topics.deadLetterTopic(environment.getRequiredProperty("spring.application.name")));
	}

	@Bean
	MessagingAdminController messagingAdminController(OutboxBacklog backlog, ObjectProvider<OutboxRelay> relay,
			DeadLetters deadLetters, InboxProcessor inbox, DataSource dataSource) {
		return new MessagingAdminController(backlog, relay, deadLetters, inbox, new JdbcTemplate(dataSource));
	}
}
