package dev.ordersaga.notification;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.contracts.order.v1.CancellationReason;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderConfirmed;
import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentRefunded;
import dev.ordersaga.contracts.payment.v1.RefundReason;
import dev.ordersaga.testsupport.EventPublisher;
import dev.ordersaga.testsupport.HttpTestClient;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;
import dev.ordersaga.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * notification-service on real PostgreSQL, Kafka and a real SMTP server (GreenMail) in this JVM:
 * events in, e-mails out, exactly one per (order, kind).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "notification.refund-wait=30s", "notification.initial-backoff=200ms",
				"notification.max-backoff=1s", "notification.dispatch-interval=100ms" })
@RealInfrastructure
@DirtiesContext
class NotificationIT {

	@RegisterExtension
	static final SmtpServer smtp = new SmtpServer();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	EventPublisher events = new EventPublisher(TestInfrastructure.get().kafkaBootstrapServers());

	TopicReader kafka = new TopicReader(TestInfrastructure.get().kafkaBootstrapServers());

	@DynamicPropertySource
	static void mailServer(DynamicPropertyRegistry registry) {
		smtp.connect(registry);
	}

	@AfterEach
	void close() {
		events.close();
	}

	@Test
	void paymentReceiptGoesToTheKeptContactOnceEvenWhenTheEventArrivesTwice() throws Exception {
		UUID customer = UUID.randomUUID();
		UUID order = UUID.randomUUID();
		assertThat(http().put("/api/customers/" + customer + "/contact",
				"{\"email\":\"ada@example.org\",\"name\":\"Ada\"}").statusCode()).isEqualTo(201);

		double duplicatesBefore = duplicates("PaymentCompleted");
		EventEnvelope paid = events.publish(new PaymentCompleted(order, customer, UUID.randomUUID(),
				new BigDecimal("12.5"), "EUR"));
		events.publish(paid);
		await().until(() -> duplicates("PaymentCompleted") > duplicatesBefore);

		await().until(() -> mailsFor(order).size() == 1 && notifications(order).contains("\"status\":\"SENT\""));
		MimeMessage mail = mailsFor(order).get(0);
		assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("ada@example.org");
		assertThat(mail.getSubject()).isEqualTo("Payment received for order " + order);
		assertThat(GreenMailUtil.getBody(mail)).contains("Dear Ada,", "your payment of 12.50 EUR");
		assertThat(mail.getMessageID()).isEqualTo("<" + order + ".payment-receipt@ordersaga.example>");
		await().untilAsserted(() -> assertThat(kafka.readAll(Topics.NOTIFICATIONS.name()))
			.filteredOn(record -> order.toString().equals(record.key()))
			.extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
			.singleElement()
			.asString()
			.contains("\"eventType\":\"NotificationSent\"", "\"kind\":\"PAYMENT_RECEIPT\"",
					"\"recipient\":\"ada@example.org\"", "\"correlationId\":\"" + paid.correlationId() + "\""));
		assertThat(mailsFor(order)).hasSize(1);
	}

	@Test
	void customerWithoutContactIsWrittenToAtTheOrdersAddressThenAtTheDefault() throws Exception {
		UUID withOrderEmail = UUID.randomUUID();
		UUID unknown = UUID.randomUUID();
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		events.publish(new OrderPlaced(first, withOrderEmail, List.of(new OrderLine("MUG", 1, new BigDecimal("5.00"))),
				new BigDecimal("5.00"), "EUR", "grace@example.org"));
		await().until(() -> http().get("/api/customers/" + withOrderEmail + "/contact").statusCode() == 200);
		events.publish(new OrderConfirmed(first, withOrderEmail, new BigDecimal("5.00"), "EUR"));
		events.publish(new OrderConfirmed(second, unknown, new BigDecimal("7.00"), "EUR"));

		await().until(() -> mailsFor(first).size() == 1 && mailsFor(second).size() == 1);
		assertThat(mailsFor(first).get(0).getAllRecipients()).extracting(Object::toString)
			.containsExactly("grace@example.org");
		assertThat(mailsFor(second).get(0).getAllRecipients()).extracting(Object::toString)
			.containsExactly(unknown + "@customers.ordersaga.example");
		assertThat(mailsFor(first).get(0).getSubject()).isEqualTo("Order " + first + " is confirmed");
		assertThat(http().get("/api/customers/" + withOrderEmail + "/contact").body()).contains("\"source\":\"ORDER\"");
	}

	@Test
	void contactKeptByTheCustomerIsNotOverriddenByAnOrdersAddress() throws Exception {
		UUID customer = UUID.randomUUID();
		UUID order = UUID.randomUUID();
		http().put("/api/customers/" + customer + "/contact", "{\"email\":\"kept@example.org\"}");
		events.publish(new OrderPlaced(order, customer, List.of(new OrderLine("MUG", 1, new BigDecimal("5.00"))),
				new BigDecimal("5.00"), "EUR", "other@example.org"));
		events.publish(new OrderConfirmed(order, customer, new BigDecimal("5.00"), "EUR"));

		await().until(() -> mailsFor(order).size() == 1);
		assertThat(mailsFor(order).get(0).getAllRecipients()).extracting(Object::toString)
			.containsExactly("kept@example.org");
		assertThat(http().get("/api/customers/" + customer + "/contact").body())
			.contains("\"email\":\"kept@example.org\"", "\"source\":\"CUSTOMER\"");
	}

	@Test
	void cancellationWaitsForItsRefundAndStatesBothInOneMail() throws Exception {
		UUID customer = UUID.randomUUID();
		UUID order = UUID.randomUUID();
		events.publish(new OrderCancelled(order, customer, CancellationReason.CUSTOMER_REQUEST,
				new BigDecimal("20.00"), "EUR"));
		await().until(() -> notifications(order).contains("\"kind\":\"ORDER_CANCELLATION\""));
		assertThat(mailsFor(order)).as("held for the refund").isEmpty();

		events.publish(new PaymentRefunded(order, customer, UUID.randomUUID(), new BigDecimal("20.00"), "EUR",
				RefundReason.ORDER_CANCELLED));

		await().until(() -> mailsFor(order).size() == 1);
		String body = GreenMailUtil.getBody(mailsFor(order).get(0));
		assertThat(body).contains("was cancelled because you asked us to cancel it",
				"We refunded 20.00 EUR to your account.");
		assertThat(notifications(order)).contains("\"refundedAmount\":20.00").doesNotContain("REFUND_NOTICE");
	}

	@Test
	void refundSeenBeforeTheCancellationIsStatedInIt() throws Exception {
		UUID customer = UUID.randomUUID();
		UUID order = UUID.randomUUID();
		events.publish(new PaymentRefunded(order, customer, UUID.randomUUID(), new BigDecimal("9.99"), "EUR",
				RefundReason.OUT_OF_STOCK));
		await().until(() -> notifications(order).equals("[]") && refundKnown(order));
		events.publish(new OrderCancelled(order, customer, CancellationReason.OUT_OF_STOCK, new BigDecimal("9.99"),
				"EUR"));

		await().until(() -> mailsFor(order).size() == 1);
		assertThat(GreenMailUtil.getBody(mailsFor(order).get(0))).contains("because an item is out of stock",
				"We refunded 9.99 EUR");
		assertThat(mailsFor(order).get(0).getSubject()).isEqualTo("Order " + order + " was cancelled");
	}

	@Test
	void declinedOrderIsNotifiedAtOnceAndALaterRefundGetsItsOwnNotice() throws Exception {
		UUID customer = UUID.randomUUID();
		UUID order = UUID.randomUUID();
		events.publish(new OrderCancelled(order, customer, CancellationReason.PAYMENT_DECLINED,
				new BigDecimal("30.00"), "EUR"));
		await().until(() -> mailsFor(order).size() == 1);
		assertThat(GreenMailUtil.getBody(mailsFor(order).get(0))).contains("because the payment was declined")
			.doesNotContain("refunded");

		events.publish(new PaymentRefunded(order, customer, UUID.randomUUID(), new BigDecimal("30.00"), "EUR",
				RefundReason.ORDER_CANCELLED));

		await().until(() -> mailsFor(order).size() == 2);
		MimeMessage refund = mailsFor(order).get(1);
		assertThat(refund.getSubject()).isEqualTo("Refund for order " + order);
		assertThat(refund.getMessageID()).isEqualTo("<" + order + ".refund-notice@ordersaga.example>");
		assertThat(GreenMailUtil.getBody(refund)).contains("we refunded 30.00 EUR", "the order was cancelled");
	}

	@Test
	void mailSentWhileTheSmtpServerIsDownArrivesOnceWhenItIsBack() throws Exception {
		UUID customer = UUID.randomUUID();
		UUID order = UUID.randomUUID();
		smtp.stop();
		try {
			events.publish(new OrderConfirmed(order, customer, new BigDecimal("42.00"), "EUR"));
			await().until(() -> notifications(order).matches("(?s).*\"failedAttempts\":[2-9].*"));
			assertThat(notifications(order)).contains("\"status\":\"PENDING\"", "\"lastError\":\"");
		}
		finally {
			smtp.restart();
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> notifications(order).contains("\"status\":\"SENT\""));
		assertThat(mailsFor(order)).hasSize(1);
		assertThat(mailsFor(order).get(0).getSubject()).isEqualTo("Order " + order + " is confirmed");
	}

	@Test
	void badRequestsAreAnsweredWithProblemDetails() throws Exception {
		HttpResponse<String> invalid = http().put("/api/customers/" + UUID.randomUUID() + "/contact",
				"{\"email\":\"not an address\",\"name\":\"" + "x".repeat(201) + "\"}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(invalid.body()).contains("\"field\":\"email\"", "\"field\":\"name\"");

		HttpResponse<String> unknown = http().get("/api/customers/" + UUID.randomUUID() + "/contact");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("@customers.ordersaga.example");

		assertThat(http().get("/api/notifications").statusCode()).isEqualTo(400);
		assertThat(http().get("/api/notifications?orderId=nope").statusCode()).isEqualTo(400);
		assertThat(http().get("/api/customers/nope/contact").statusCode()).isEqualTo(400);
		assertThat(http().get("/api/notifications?orderId=" + UUID.randomUUID()).body()).isEqualTo("[]");
	}

	private double duplicates(String eventType) {
		Counter counter = meters.find("inbox.duplicates").tag("event.type", eventType).counter();
		return counter == null ? 0 : counter.count();
	}

	private boolean refundKnown(UUID order) {
		Integer refunds = jdbc.queryForObject("SELECT count(*) FROM order_refund WHERE order_id = ?", Integer.class,
				order);
		return refunds != null && refunds == 1;
	}

	private String notifications(UUID order) {
		return http().get("/api/notifications?orderId=" + order).body();
	}

	private List<MimeMessage> mailsFor(UUID order) {
		return smtp.mailsFor(order);
	}

	private HttpTestClient http() {
		return HttpTestClient.onPort(port);
	}
}
