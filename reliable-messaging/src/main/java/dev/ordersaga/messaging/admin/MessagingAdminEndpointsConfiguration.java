package dev.ordersaga.messaging.admin;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.messaging.inbox.InboxConsumer;
import dev.ordersaga.messaging.outbox.OutboxBacklog;
import dev.ordersaga.messaging.outbox.OutboxRelay;
import dev.ordersaga.messaging.outbox.ParkedOutboxEvents;

/**
 * The admin API's controllers ({@code /admin/messaging}), in Spring Boot's management context: on
 * the management port beside the actuator endpoints when the service has one
 * ({@code management.server.port}), so operators reach them where the API's callers do not; on the
 * service's own port otherwise. Either way only an operator's token passes the service's filter
 * chain, which the management port shares.
 */
@ManagementContextConfiguration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(DeadLetters.class)
public class MessagingAdminEndpointsConfiguration {

	@Bean
	MessagingAdminController messagingAdminController(OutboxBacklog backlog, ObjectProvider<OutboxRelay> relay,
			DeadLetters deadLetters, DeadLetterReplay replay, ReplayJobs jobs, DataSource dataSource,
			ObjectProvider<InboxConsumer> consumer) {
		return new MessagingAdminController(backlog, relay, deadLetters, replay, jobs, new JdbcTemplate(dataSource),
				consumer);
	}

	@Bean
	ParkedOutboxController parkedOutboxController(ParkedOutboxEvents parked) {
		return new ParkedOutboxController(parked);
	}
}
