package dev.ordersaga.endtoend;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.analytics.AnalyticsApplication;
import dev.ordersaga.contracts.SuiteService;
import dev.ordersaga.contracts.Topic;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.inventory.InventoryApplication;
import dev.ordersaga.messaging.inbox.InboxConsumer;
import dev.ordersaga.notification.NotificationApplication;
import dev.ordersaga.order.OrderApplication;
import dev.ordersaga.payment.PaymentApplication;
import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.client.SuiteApi;
import dev.ordersaga.testsupport.TestInfrastructure;

/**
 * The five services as separate Spring applications in this JVM, each with its own configuration,
 * database role and schema, consumer group and web port, on the shared broker and database, and a
 * real SMTP server (GreenMail) for notification-service: nothing connects them but Kafka.
 */
final class SagaServices implements AutoCloseable {

	private final Map<String, ConfigurableApplicationContext> services = new LinkedHashMap<>();

	private final JdbcTemplate admin = new JdbcTemplate(TestInfrastructure.get().adminDataSource());

	private final SuiteApi api = new SuiteApi(
			service -> "http://localhost:"
					+ ((WebServerApplicationContext) services.get(service)).getWebServer().getPort(),
			service -> "http://localhost:"
					+ services.get(service).getEnvironment().getProperty("local.management.port"));

	private final GreenMail smtp = new GreenMail(
			new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

	static SagaServices start(String... orderServiceSettings) {
		return start(List.of(), orderServiceSettings);
	}

	/**
	 * @param everyServiceSettings command-line settings of all five, e.g. where to send their spans
	 * @param orderServiceSettings command-line settings of order-service alone
	 */
	static SagaServices start(List<String> everyServiceSettings, String... orderServiceSettings) {
		SagaServices suite = new SagaServices();
		suite.smtp.start();
		suite.run(SuiteService.INVENTORY, InventoryApplication.class, everyServiceSettings);
		suite.run(SuiteService.PAYMENT, PaymentApplication.class, everyServiceSettings);
		suite.run(SuiteService.ORDER, OrderApplication.class, everyServiceSettings, orderServiceSettings);
		suite.run(SuiteService.NOTIFICATION, NotificationApplication.class, everyServiceSettings,
				"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + suite.smtp.getSmtp().getPort(),
				"--notification.refund-wait=10s", "--notification.dispatch-interval=100ms");
		suite.run(SuiteService.ANALYTICS, AnalyticsApplication.class, everyServiceSettings);
		if (!suite.services.keySet().containsAll(SuiteService.sagaNames())) {
			suite.close();
			throw new IllegalStateException("The saga's services are " + SuiteService.sagaNames() + "; started only "
					+ suite.services.keySet());
		}
		return suite;
	}

	/** Every e-mail the SMTP server received about an order, in the order they arrived. */
	List<MimeMessage> mailsFor(UUID orderId) {
		return Arrays.stream(smtp.getReceivedMessages()).filter(mail -> {
			try {
				String[] header = mail.getHeader("X-Order-Id");
				return header != null && header[0].equals(orderId.toString());
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	/** Every e-mail the SMTP server received. */
	List<MimeMessage> mails() {
		return List.of(smtp.getReceivedMessages());
	}

	private void run(SuiteService service, Class<?> application, List<String> common, String... settings) {
		services.put(service.applicationName(), run(application, service.applicationName(), common, settings));
	}

	/** Runs one service with its own application.yml, although the classpath holds all five. */
	private static ConfigurableApplicationContext run(Class<?> application, String name, List<String> common,
			String... settings) {
		URL base = application.getProtectionDomain().getCodeSource().getLocation();
		String config = base.toString().endsWith(".jar") ? "jar:" + base + "!/application.yml"
				: base + "application.yml";
		List<String> args = new ArrayList<>(List.of("--spring.config.location=" + config, "--server.port=0",
				"--management.server.port=0"));
		TestInfrastructure.get().springProperties(name).forEach((key, value) -> args.add("--" + key + "=" + value));
		args.addAll(common);
		args.addAll(List.of(settings));
		return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
	}

	/** GET as staff (a token of the real auth-server's staff client). */
	HttpResponse<String> get(String service, String path) {
		return http(service, TestInfrastructure.get().auth().staff()).get(path);
	}

	/** GET as the holder of this token. */
	HttpResponse<String> get(String service, String path, AccessToken token) {
		return http(service, token).get(path);
	}

	/** PUT as staff. */
	HttpResponse<String> put(String service, String path, String json) {
		return http(service, TestInfrastructure.get().auth().staff()).put(path, json);
	}

	/** POST as the holder of this token (a customer placing or cancelling their order). */
	HttpResponse<String> post(String service, String path, String json, AccessToken token) {
		return http(service, token).post(path, json);
	}

	private ServiceClient http(String service, AccessToken token) {
		return api.service(service, token);
	}

	/** The service's metrics, as Prometheus scrapes them: its management port, an operator's token. */
	HttpResponse<String> scrape(String service) {
		int port = services.get(service).getEnvironment().getRequiredProperty("local.management.port", Integer.class);
		return ServiceClient.onPort(port).as(TestInfrastructure.get().auth().operator()).get("/actuator/prometheus");
	}

	/** @return the names of the services, in the order they started */
	List<String> names() {
		return List.copyOf(services.keySet());
	}

	/** Holds back a service's consumption (as if it were down); its events wait on Kafka. */
	void pauseConsuming(String service) {
		services.get(service).getBean(InboxConsumer.class).stop();
	}

	void resumeConsuming(String service) {
		services.get(service).getBean(InboxConsumer.class).start();
	}

	/** Mean and max time of each service's inbox transactions (decode excluded), in milliseconds. */
	Map<String, String> handlerTimes() {
		Map<String, String> times = new LinkedHashMap<>();
		services.forEach((name, context) -> {
			double count = 0;
			double total = 0;
			double max = 0;
			for (io.micrometer.core.instrument.Timer timer : context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
				.find("inbox.handler").timers()) {
				count += timer.count();
				total += timer.totalTime(TimeUnit.MILLISECONDS);
				max = Math.max(max, timer.max(TimeUnit.MILLISECONDS));
			}
			times.put(name, String.format("%d handled, mean %.1f ms, max %.0f ms", (long) count,
					count == 0 ? 0 : total / count, max));
		});
		return times;
	}

	DataSource dataSource(String service) {
		return services.get(service).getBean(DataSource.class);
	}

	/** A superuser's view across every service's schema, for checking invariants. */
	JdbcTemplate database() {
		return admin;
	}

	/**
	 * @return whether nothing is in flight: no unpublished outbox row in any service and every
	 * consumer group has read every topic to its end
	 */
	boolean quiet() {
		for (String service : services.keySet()) {
			Long pending = admin.queryForObject("SELECT count(*) FROM " + SuiteService.named(service).schema()
					+ ".outbox_event WHERE published_at IS NULL", Long.class);
			if (pending == null || pending > 0) {
				return false;
			}
		}
		try (Admin kafka = Admin.create(TestInfrastructure.get().kafkaAdminConfig())) {
			for (String group : services.keySet()) {
				Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get(10, TimeUnit.SECONDS);
				Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
				for (Topic topic : Topics.consumedBy(group)) {
					kafka.describeTopics(List.of(topic.name()))
						.allTopicNames()
						.get(10, TimeUnit.SECONDS)
						.get(topic.name())
						.partitions()
						.forEach(partition -> latest.put(new TopicPartition(topic.name(), partition.partition()),
								OffsetSpec.latest()));
				}
				Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = kafka.listOffsets(latest)
					.all()
					.get(10, TimeUnit.SECONDS);
				for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
					OffsetAndMetadata read = committed.get(end.getKey());
					if (end.getValue().offset() > (read == null ? 0 : read.offset())) {
						return false;
					}
				}
			}
		}
		catch (Exception ex) {
			return false;
		}
		return true;
	}

	@Override
	public void close() {
		List<ConfigurableApplicationContext> running = new ArrayList<>(services.values());
		java.util.Collections.reverse(running);
		running.forEach(ConfigurableApplicationContext::close);
		smtp.stop();
	}
}
