package dev.ordersaga.messaging.outbox;

import java.net.URI;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.messaging.MessagingProperties;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestOrders;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.ServiceDatabase;
import dev.ordersaga.testsupport.TcpProxy;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.awaitility.Awaitility.await;

/**
 * The relay's LISTEN connection dies without a word (a half-open connection, as a network fault or a
 * database failover leaves behind): a probe finds it within the poll interval and a fresh one is
 * listening again, instead of the relay falling back to polling for good.
 */
@SpringBootTest(classes = MessagingTestApplication.class, properties = "ordersaga.messaging.relay.enabled=false")
@RealInfrastructure
@DirtiesContext
class OutboxListenConnectionIT {

	@Autowired
	TestOrders orders;

	@Autowired
	DataSource dataSource;

	@Autowired
	KafkaTemplate<String, byte[]> messagingKafkaTemplate;

	@Autowired
	MessagingProperties properties;

	MeterRegistry meters = new SimpleMeterRegistry();

	TcpProxy proxy;

	OutboxRelay relay;

	@AfterEach
	void stop() {
		if (relay != null) {
			relay.stop();
		}
		if (proxy != null) {
			proxy.close();
		}
	}

	@Test
	void deadListenConnectionIsReplacedAndCommitsWakeTheRelayAgain() {
		ServiceDatabase database = TestInfrastructure.get().database("order-service");
		URI server = URI.create(database.jdbcUrl().substring("jdbc:".length()));
		proxy = TcpProxy.to(server.getHost(), server.getPort());
		String proxiedUrl = "jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + server.getPath();
		MessagingProperties.Relay settings = new MessagingProperties.Relay(true, 500, Duration.ofMillis(500),
				Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1), 256, Duration.ofSeconds(10), 5);
		relay = TestRelays.relay(dataSource, new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
				messagingKafkaTemplate.getProducerFactory().getConfigurationProperties(), new StringSerializer(),
				new ByteArraySerializer())), settings,
				() -> DriverManager.getConnection(proxiedUrl, database.username(), database.password()), meters);
		relay.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			orders.place(UUID.randomUUID());
			return wakeups("notified") > 0;
		});

		proxy.silenceOpenConnections();
		// Once a wait has timed out on the silent connection, no notification sent before it is left.
		double polled = wakeups("poll");
		await().atMost(Duration.ofSeconds(10)).until(() -> wakeups("poll") > polled);
		double notifiedWhileSilent = wakeups("notified");

		// Every commit NOTIFYs; only a relay listening on a live connection hears one.
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
			orders.place(UUID.randomUUID());
			return wakeups("notified") > notifiedWhileSilent;
		});
	}

	private double wakeups(String cause) {
		return meters.get("outbox.relay.wakeups").tag("cause", cause).counter().count();
	}
}
