package dev.ordersaga.notification;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

	private static final int SMTP_PORT = freePort();

	private static GreenMail smtp;

	EventPublisher events = new EventPublisher(TestInfrastructure.get().kafkaBootstrapServers());

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> SMTP_PORT);
	}

	@BeforeAll
	static void startSmtp() {
		smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		smtp.start();
	}

	@AfterAll
	static void stopSmtp() {
		smtp.stop();
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
		return Arrays.stream(smtp.getReceivedMessages()).anyMatch(mail -> {
			try {
				String[] header = mail.getHeader("X-Order-Id");
				return header != null && header[0].equals(order.toString());
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
