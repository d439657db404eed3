package dev.ordersaga.messaging;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestOrders;
import dev.ordersaga.testsupport.RealInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With polling practically switched off (once an hour), events still leave within moments of their
 * commit: the relay is woken by the outbox trigger's NOTIFY.
 */
@SpringBootTest(classes = MessagingTestApplication.class, properties = "ordersaga.messaging.relay.poll-interval=1h")
@RealInfrastructure
@DirtiesContext
class OutboxWakeUpIT {

	@Autowired
	TestOrders orders;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@Test
	void relayIsWokenByTheCommitRatherThanByPolling() {
		// The first batch runs at start-up; from then on the relay sleeps for an hour unless notified.
		await().until(() -> pending() == 0);
		double notifiedBefore = wakeups("notified");
		double polledBefore = wakeups("poll");
		for (int i = 0; i < 3; i++) {
			UUID eventId = orders.place(UUID.randomUUID());
			await().atMost(Duration.ofSeconds(5)).until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
					"SELECT published_at IS NOT NULL FROM outbox_event WHERE event_id = ?", Boolean.class, eventId)));
		}
		assertThat(wakeups("notified") - notifiedBefore).isGreaterThanOrEqualTo(1);
		assertThat(wakeups("poll")).isEqualTo(polledBefore);
	}

	private double wakeups(String cause) {
		return meters.get("outbox.relay.wakeups").tag("cause", cause).counter().count();
	}

	private long pending() {
		Long count = jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE published_at IS NULL", Long.class);
		return count == null ? 0 : count;
	}
}
