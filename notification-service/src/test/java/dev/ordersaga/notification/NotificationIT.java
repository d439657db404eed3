package dev.ordersaga.notification;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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

import dev.ordersaga.authclient.AccessToken;
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
import dev.ordersaga.testsupport.AuthServerProcess;
import dev.ordersaga.testsupport.AuthServerProcess.TestCustomer;
import dev.ordersaga.testsupport.EventPublisher;
import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;
import dev.ordersaga.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * notification-service on real PostgreSQL, Kafka and a real SMTP server (GreenMail) in this JVM:
 * events in, e-mails out, exactly one per (order, kind). Every request carries a real token of the
 * real auth-server: a customer's of their own, staff's or an operator's.
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

	EventPublisher events = new EventPublisher(TestInfrastructure.get().kafkaAdminConfig());

	TopicReader kafka = new TopicReader(TestInfrastructure.get().kafkaAdminConfig());

	AuthServerProcess auth = TestInfrastructure.get().auth();

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
		TestCustomer ada = auth.newCustomer();
		UUID customer = ada.id();
		UUID order = UUID.randomUUID();
		assertThat(as(ada).put("/api/customers/" + customer + "/contact",
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
		await().until(() -> staff().get("/api/customers/" + withOrderEmail + "/contact").statusCode() == 200);
		events.publish(new OrderConfirmed(first, withOrderEmail, new BigDecimal("5.00"), "EUR"));
		events.publish(new OrderConfirmed(second, unknown, new BigDecimal("7.00"), "EUR"));

		await().until(() -> mailsFor(first).size() == 1 && mailsFor(second).size() == 1);
		assertThat(mailsFor(first).get(0).getAllRecipients()).extracting(Object::toString)
			.containsExactly("grace@example.org");
		assertThat(mailsFor(second).get(0).getAllRecipients()).extracting(Object::toString)
			.containsExactly(unknown + "@customers.ordersaga.example");
		assertThat(mailsFor(first).get(0).getSubject()).isEqualTo("Order " + first + " is confirmed");
		assertThat(staff().get("/api/customers/" + withOrderEmail + "/contact").body()).contains("\"source\":\"ORDER\"");
	}

	@Test
	void contactKeptByTheCustomerIsNotOverriddenByAnOrdersAddress() throws Exception {
		TestCustomer keeper = auth.newCustomer();
		UUID customer = keeper.id();
		UUID order = UUID.randomUUID();
		assertThat(as(keeper).put("/api/customers/" + customer + "/contact", "{\"email\":\"kept@example.org\"}")
			.statusCode()).isEqualTo(201);
		events.publish(new OrderPlaced(order, customer, List.of(new OrderLine("MUG", 1, new BigDecimal("5.00"))),
				new BigDecimal("5.00"), "EUR", "other@example.org"));
		events.publish(new OrderConfirmed(order, customer, new BigDecimal("5.00"), "EUR"));

		await().until(() -> mailsFor(order).size() == 1);
		assertThat(mailsFor(order).get(0).getAllRecipients()).extracting(Object::toString)
			.containsExactly("kept@example.org");
		assertThat(as(keeper).get("/api/customers/" + customer + "/contact").body())
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
		double sentBefore = mails("mails.sent", "ORDER_CONFIRMATION");
		double failedBefore = mails("mails.failed", "ORDER_CONFIRMATION");
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
		assertThat(mails("mails.failed", "ORDER_CONFIRMATION")).isGreaterThanOrEqualTo(failedBefore + 2);
		assertThat(mails("mails.sent", "ORDER_CONFIRMATION")).isGreaterThanOrEqualTo(sentBefore + 1);
		assertThat(mails("mails.failed", "REFUND_NOTICE")).as("every kind counted from the start").isNotNaN();
	}

	@Test
	void badRequestsAreAnsweredWithProblemDetails() throws Exception {
		HttpResponse<String> invalid = staff().put("/api/customers/" + UUID.randomUUID() + "/contact",
				"{\"email\":\"not an address\",\"name\":\"" + "x".repeat(201) + "\"}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(invalid.body()).contains("\"field\":\"email\"", "\"field\":\"name\"");

		HttpResponse<String> unknown = staff().get("/api/customers/" + UUID.randomUUID() + "/contact");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("@customers.ordersaga.example");

		assertThat(operator().get("/api/notifications").statusCode()).isEqualTo(400);
		assertThat(operator().get("/api/notifications?orderId=nope").statusCode()).isEqualTo(400);
		assertThat(operator().get("/api/customers/nope/contact").statusCode()).isEqualTo(400);
		assertThat(operator().get("/api/notifications?orderId=" + UUID.randomUUID()).body()).isEqualTo("[]");
	}

	@Test
	void requestsWithoutAValidTokenAreRefusedWith401AsAProblem() {
		UUID customer = UUID.randomUUID();
		String contact = "/api/customers/" + customer + "/contact";
		ServiceClient anonymous = ServiceClient.onPort(port);
		String token = auth.staff().value();
		ServiceClient forged = ServiceClient.onPort(port)
			.as(new AccessToken(token.substring(0, token.length() - 4) + "AAAA", Instant.MAX));

		for (HttpResponse<String> refused : List.of(anonymous.put(contact, "{\"email\":\"eve@example.org\"}"),
				anonymous.get(contact), anonymous.get("/api/notifications?orderId=" + UUID.randomUUID()),
				forged.put(contact, "{\"email\":\"eve@example.org\"}"))) {
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(contactRows(customer)).isZero();
		assertThat(anonymous.get("/readyz").statusCode()).isEqualTo(200);
	}

	@Test
	void customersKeepAndReadTheirOwnContactButAnothersIsNeitherChangedNorConfirmed() {
		TestCustomer ada = auth.newCustomer();
		TestCustomer stranger = auth.newCustomer();
		String adas = "/api/customers/" + ada.id() + "/contact";
		UUID unknown = UUID.randomUUID();
		String nobodys = "/api/customers/" + unknown + "/contact";

		assertThat(as(ada).put(adas, "{\"email\":\"ada@example.org\",\"name\":\"Ada\"}").statusCode())
			.isEqualTo(201);
		assertThat(as(ada).put(adas, "{\"email\":\"ada@example.com\",\"name\":\"Ada\"}").statusCode())
			.isEqualTo(200);
		HttpResponse<String> own = as(ada).get(adas);
		assertThat(own.statusCode()).isEqualTo(200);
		assertThat(own.body()).contains("\"email\":\"ada@example.com\"", "\"source\":\"CUSTOMER\"");

		HttpResponse<String> overwrite = as(stranger).put(adas, "{\"email\":\"eve@example.org\",\"name\":\"Eve\"}");
		HttpResponse<String> peek = as(stranger).get(adas);
		HttpResponse<String> create = as(stranger).put(nobodys, "{\"email\":\"eve@example.org\"}");
		HttpResponse<String> absent = as(stranger).get(nobodys);

		for (HttpResponse<String> refused : List.of(overwrite, peek, create, absent)) {
			assertThat(refused.statusCode()).isEqualTo(404);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		String notFound = absent.body().replace(unknown.toString(), "ID");
		assertThat(peek.body().replace(ada.id().toString(), "ID")).isEqualTo(notFound).doesNotContain("ada@");
		assertThat(overwrite.body().replace(ada.id().toString(), "ID")).isEqualTo(notFound);
		assertThat(jdbc.queryForMap("SELECT email, name, source FROM customer_contact WHERE customer_id = ?", ada.id()))
			.containsEntry("email", "ada@example.com")
			.containsEntry("name", "Ada")
			.containsEntry("source", "CUSTOMER");
		assertThat(contactRows(unknown)).isZero();
	}

	@Test
	void staffKeepAndReadAnyContactWhileOperatorsOnlyReadThem() {
		TestCustomer grace = auth.newCustomer();
		String graces = "/api/customers/" + grace.id() + "/contact";

		assertThat(staff().put(graces, "{\"email\":\"grace@example.org\"}").statusCode()).isEqualTo(201);
		assertThat(operator().get(graces).body()).contains("\"email\":\"grace@example.org\"");
		HttpResponse<String> operatorWrites = operator().put(graces, "{\"email\":\"ops@example.org\"}");
		assertThat(operatorWrites.statusCode()).isEqualTo(403);
		assertThat(operatorWrites.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(as(grace).put(graces, "{\"email\":\"grace@example.com\"}").statusCode()).isEqualTo(200);
		assertThat(staff().get(graces).body()).contains("\"email\":\"grace@example.com\"");
		assertThat(jdbc.queryForObject("SELECT email FROM customer_contact WHERE customer_id = ?", String.class,
				grace.id())).isEqualTo("grace@example.com");
	}

	@Test
	void customersSeeOnlyTheNotificationsOfTheirOwnOrdersWhileStaffAndOperatorsSeeAny() {
		TestCustomer ada = auth.newCustomer();
		TestCustomer stranger = auth.newCustomer();
		UUID order = UUID.randomUUID();
		String adas = "/api/notifications?orderId=" + order;
		events.publish(new OrderConfirmed(order, ada.id(), new BigDecimal("8.00"), "EUR"));

		await().until(() -> as(ada).get(adas).body().contains("\"kind\":\"ORDER_CONFIRMATION\""));
		HttpResponse<String> peek = as(stranger).get(adas);
		assertThat(peek.statusCode()).isEqualTo(200);
		assertThat(peek.body()).isEqualTo("[]")
			.isEqualTo(as(stranger).get("/api/notifications?orderId=" + UUID.randomUUID()).body());
		assertThat(staff().get(adas).body()).contains("\"orderId\":\"" + order + "\"",
				"\"customerId\":\"" + ada.id() + "\"");
		assertThat(operator().get(adas).body()).contains("\"orderId\":\"" + order + "\"",
				"\"customerId\":\"" + ada.id() + "\"");
	}

	private double mails(String meter, String kind) {
		return meters.get(meter).tag("kind", kind).counter().count();
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

	private int contactRows(UUID customer) {
		Integer rows = jdbc.queryForObject("SELECT count(*) FROM customer_contact WHERE customer_id = ?",
				Integer.class, customer);
		return rows == null ? 0 : rows;
	}

	/** What an operator sees of an order's notifications. */
	private String notifications(UUID order) {
		return operator().get("/api/notifications?orderId=" + order).body();
	}

	private List<MimeMessage> mailsFor(UUID order) {
		return smtp.mailsFor(order);
	}

	private ServiceClient as(TestCustomer customer) {
		return ServiceClient.onPort(port).as(customer.token());
	}

	private ServiceClient staff() {
		return ServiceClient.onPort(port).as(auth.staff());
	}

	private ServiceClient operator() {
		return ServiceClient.onPort(port).as(auth.operator());
	}
}
