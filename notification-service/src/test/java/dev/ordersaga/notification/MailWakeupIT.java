package dev.ordersaga.notification;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.testsupport.EventPublisher;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.awaitility.Awaitility.await;

/**
 * A notification due now is sent once the transaction that recorded it commits, not at the
 * dispatcher's next round: with rounds an hour apart, only that wake-up can send it in time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "notification.dispatch-interval=1h")
@RealInfrastructure
@DirtiesContext
class MailWakeupIT {

	@RegisterExtension
	static final SmtpServer smtp = new SmtpServer();

	EventPublisher events = new EventPublisher(TestInfrastructure.get().kafkaAdminConfig());

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		smtp.connect(registry);
	}

	@AfterEach
	void close() {
		events.close();
	}

	@Test
	void aReceiptIsSentWhenItsPaymentIsRecordedNotAtTheNextRound() {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();

		events.publish(new PaymentCompleted(first, UUID.randomUUID(), UUID.randomUUID(), new BigDecimal("3.00"), "EUR"));
		await().atMost(Duration.ofSeconds(30)).until(() -> mailed(first));
		// The first round ran at start; a second event proves the wake-up again, not the start.
		events.publish(new PaymentCompleted(second, UUID.randomUUID(), UUID.randomUUID(), new BigDecimal("4.00"), "EUR"));
		await().atMost(Duration.ofSeconds(30)).until(() -> mailed(second));
	}

	private static boolean mailed(UUID order) {
		return !smtp.mailsFor(order).isEmpty();
	}
}
