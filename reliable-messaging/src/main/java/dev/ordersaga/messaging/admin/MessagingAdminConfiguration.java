package dev.ordersaga.messaging.admin;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

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

/**
 * What the admin endpoints under {@code /admin/messaging} work with: dead letters, their replay and
 * replay jobs. On by default, off with {@code ordersaga.messaging.admin.enabled=false}. The
 * controllers themselves live in the management context ({@link MessagingAdminEndpointsConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RestController.class)
@ConditionalOnProperty(name = "ordersaga.messaging.admin.enabled", havingValue = "true", matchIfMissing = true)
public class MessagingAdminConfiguration {

	@Bean
	ReplayLedger deadLetterReplayLedger(DataSource dataSource, Environment environment) {
		return new ReplayLedger(new JdbcTemplate(dataSource), deadLetterTopic(environment));
	}

	@Bean
	DeadLetters deadLetters(ConsumerFactory<?, ?> bootConsumerFactory, Environment environment, ReplayLedger ledger) {
		return new DeadLetters(InboxConfiguration.messagingConsumerFactory(bootConsumerFactory),
				deadLetterTopic(environment), ledger);
	}

	@Bean
	DeadLetterReplay deadLetterReplay(InboxProcessor inbox, ReplayLedger ledger, ObjectProvider<MeterRegistry> meters) {
		return new DeadLetterReplay(inbox, ledger, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	ReplayJobs deadLetterReplayJobs(DataSource dataSource, DeadLetters deadLetters, DeadLetterReplay replay) {
		return new ReplayJobs(new JdbcTemplate(dataSource), deadLetters, replay);
	}

	private static String deadLetterTopic(Environment environment) {
		return Topics.deadLetterTopic(environment.getRequiredProperty("spring.application.name"));
	}
}
