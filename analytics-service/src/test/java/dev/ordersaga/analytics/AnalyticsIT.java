package dev.ordersaga.analytics;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.analytics.projection.EventHeader;
import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.analytics.projection.SagaProjection;
import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.IntegrationEvent;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.InventoryReserved;
import dev.ordersaga.contracts.inventory.v1.Shortage;
import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.contracts.notification.v1.NotificationKind;
import dev.ordersaga.contracts.notification.v1.NotificationSent;
import dev.ordersaga.contracts.order.v1.CancellationReason;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderConfirmed;
import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentFailed;
import dev.ordersaga.contracts.payment.v1.PaymentFailureReason;
import dev.ordersaga.contracts.payment.v1.PaymentRefunded;
import dev.ordersaga.contracts.payment.v1.RefundReason;
import dev.ordersaga.testsupport.AuthServerProcess;
import dev.ordersaga.testsupport.AuthServerProcess.TestCustomer;
import dev.ordersaga.testsupport.AuthServerProcess.TestStaffMember;
import dev.ordersaga.testsupport.EventPublisher;
import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * analytics-service on real Kafka and PostgreSQL, fed events as the other services would publish
 * them. Each test places its orders in a period of its own, far in the future, with fresh skus, and
 * asks for the summary of that period: the figures are exact whatever else the database holds.
 * Staff read the figures and timelines and an operator rebuilds them, with real tokens of the real
 * auth-server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		// The console's messaging panel: analytics-service itself, and one service that is not running.
		properties = "analytics.console.services.order-service=http://127.0.0.1:1")
@RealInfrastructure
@DirtiesContext
class AnalyticsIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String GROUP = "analytics-service";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	SagaProjection projection;

	EventPublisher events = new EventPublisher(TestInfrastructure.get().kafkaAdminConfig());

	AuthServerProcess auth = TestInfrastructure.get().auth();

	@BeforeAll
	static void sagaTopicsExistAsTheirProducersMakeThem() {
		// analytics-service produces none of the topics it reads; in the suite their owners create them.
		TestInfrastructure.get().createTopics(SagaProjection.topics());
	}

	@BeforeEach
	void quiet() {
		// Whatever an earlier test published is in the read models before this one measures.
		awaitEverythingConsumed();
	}

	@AfterEach
	void close() {
		events.close();
	}

	@Test
	void sagasOfAPeriodAddUpToExactFigures() {
		Script script = Script.mixedSagas(period(), this::envelope);
		JsonNode before = summary();

		script.envelopes().forEach(events::publish);

		eventually().untilAsserted(() -> assertThat(figures(summary(script))).isEqualTo(script.expectedFigures()));
		JsonNode after = summary();
		assertThat(delta(before, after, "ordersByStatus")).isEqualTo(Map.of("PENDING", 1L, "PAID", 1L,
				"CONFIRMED", 2L, "CANCELLED", 2L));
		assertThat(delta(before, after, "cancellationReasons")).isEqualTo(Map.of("PAYMENT_DECLINED", 1L,
				"OUT_OF_STOCK", 1L, "CUSTOMER_REQUEST", 0L, "TIMEOUT", 0L));
		assertThat(after.path("unitsSoldBySku").path(script.mug()).asLong()).isEqualTo(2);
		assertThat(after.path("unitsSoldBySku").path(script.tea()).asLong()).isEqualTo(1);
		assertThat(after.path("unitsSoldBySku").path(script.pot()).asLong()).isEqualTo(1);
		assertThat(amount(after, "confirmedRevenue", "EUR").subtract(amount(before, "confirmedRevenue", "EUR")))
			.isEqualByComparingTo("15.00");
		assertThat(amount(after, "confirmedRevenue", "USD").subtract(amount(before, "confirmedRevenue", "USD")))
			.isEqualByComparingTo("7.25");
	}

	@Test
	void timelineListsEveryServicesStepsInTheOrderTheyOccurredWithTheDelaysBetweenThem() {
		Instant placedAt = period();
		UUID orderId = UUID.randomUUID();
		String sku = sku();
		// Published in another order than they occurred, across four topics.
		events.publish(envelope(new OrderConfirmed(orderId, CUSTOMER, new BigDecimal("7.50"), "EUR"), placedAt.plusMillis(2000)));
		events.publish(envelope(new NotificationSent(UUID.randomUUID(), orderId, CUSTOMER,
				NotificationKind.ORDER_CONFIRMATION, "ada@example.com"), placedAt.plusMillis(2200)));
		events.publish(envelope(placed(orderId, "EUR", new OrderLine(sku, 3, new BigDecimal("2.50"))), placedAt));
		events.publish(envelope(new InventoryReserved(orderId, List.of(new StockLine(sku, 3))), placedAt.plusMillis(1500)));
		events.publish(envelope(paid(orderId, "7.50", "EUR"), placedAt.plusMillis(1000)));

		eventually().until(() -> timeline(orderId).path("steps").size() == 5);
		JsonNode timeline = timeline(orderId);
		assertThat(timeline.path("status").asString()).isEqualTo("CONFIRMED");
		assertThat(timeline.path("cancellationReason").isNull()).isTrue();
		assertThat(timeline.path("currency").asString()).isEqualTo("EUR");
		assertThat(timeline.path("total").asString()).isEqualTo("7.50");
		assertThat(timeline.path("refunded").asString()).isEqualTo("0.00");
		assertThat(timeline.path("placedAt").asString()).isEqualTo(placedAt.toString());
		assertThat(timeline.path("endedAt").asString()).isEqualTo(placedAt.plusMillis(2000).toString());
		assertThat(column(timeline, "eventType")).containsExactly("OrderPlaced", "PaymentCompleted", "InventoryReserved",
				"OrderConfirmed", "NotificationSent");
		assertThat(column(timeline, "producer")).containsExactly("order-service", "payment-service", "inventory-service",
				"order-service", "notification-service");
		assertThat(column(timeline, "topic")).containsExactly("orders.v1", "payments.v1", "inventory.v1", "orders.v1",
				"notifications.v1");
		assertThat(column(timeline, "delayMs")).containsExactly("null", "1000", "500", "500", "200");
		assertThat(column(timeline, "occurredAt")).containsExactly(placedAt.toString(),
				placedAt.plusMillis(1000).toString(), placedAt.plusMillis(1500).toString(),
				placedAt.plusMillis(2000).toString(), placedAt.plusMillis(2200).toString());
		assertThat(column(timeline, "amount")).containsExactly("7.50", "7.50", "null", "7.50", "null");
		assertThat(column(timeline, "detail")).containsExactly("3 × " + sku, "null", "3 × " + sku, "null",
				"ORDER_CONFIRMATION");
	}

	@Test
	void publishingEveryEventTwiceCountsItOnce() {
		Script script = Script.mixedSagas(period(), this::envelope);

		script.envelopes().forEach(events::publish);
		script.envelopes().forEach(events::publish);
		awaitEverythingConsumed();

		assertThat(figures(summary(script))).isEqualTo(script.expectedFigures());
		assertThat(script.orders().stream().mapToInt(orderId -> timeline(orderId).path("steps").size()).sum())
			.isEqualTo(script.envelopes().size());
		assertThat(timeline(script.outOfStock()).path("refunded").asString()).isEqualTo("2.50");
		// The projection's own guard, without the inbox: the same event again applies nothing.
		EventEnvelope refund = script.envelopes()
			.stream()
			.filter(envelope -> envelope.eventType().equals("PaymentRefunded"))
			.findFirst()
			.orElseThrow();
		assertThat(projection.project(new EventCodec().payload(refund), EventHeader.of(refund, Topics.PAYMENTS.name())))
			.isFalse();
		assertThat(figures(summary(script))).isEqualTo(script.expectedFigures());
		assertThat(timeline(script.outOfStock()).path("refunded").asString()).isEqualTo("2.50");
	}

	@Test
	void eventsArrivingInAnyOrderGiveTheSameFigures() {
		Instant inOrder = period();
		Instant reversed = period();
		Script first = Script.mixedSagas(inOrder, this::envelope);
		Script second = first.sameSagasFor(reversed, this::envelope);
		List<EventEnvelope> backwards = new ArrayList<>(second.envelopes());
		Collections.reverse(backwards);
		// Terminal events, refunds and payments now come before their OrderPlaced.
		assertThat(backwards.get(0).eventType()).isEqualTo("OrderConfirmed");

		first.envelopes().forEach(events::publish);
		backwards.forEach(events::publish);
		awaitEverythingConsumed();

		assertThat(figures(summary(first))).isEqualTo(first.expectedFigures());
		assertThat(figures(summary(second))).isEqualTo(first.expectedFigures());
		for (int i = 0; i < first.orders().size(); i++) {
			assertThat(shape(timeline(second.orders().get(i)), reversed))
				.isEqualTo(shape(timeline(first.orders().get(i)), inOrder));
		}
		assertThat(timeline(second.outOfStock()).path("refunded").asString()).isEqualTo("2.50");
		assertThat(timeline(second.outOfStock()).path("cancellationReason").asString()).isEqualTo("OUT_OF_STOCK");
	}

	@Test
	void rebuildReproducesTheSameSummaryAndTimelines() {
		Script script = Script.mixedSagas(period(), this::envelope);
		script.envelopes().forEach(events::publish);
		events.send(Topics.ORDERS.name(), UUID.randomUUID().toString(), "not an event".getBytes(StandardCharsets.UTF_8));
		awaitEverythingConsumed();
		JsonNode everything = summary();
		JsonNode period = summary(script);
		List<JsonNode> timelines = script.orders().stream().map(this::timeline).toList();
		assertThat(figures(period)).isEqualTo(script.expectedFigures());

		HttpResponse<String> rebuilt = post("/api/analytics/rebuild");

		assertThat(rebuilt.statusCode()).isEqualTo(200);
		JsonNode report = JSON.readTree(rebuilt.body());
		assertThat(report.path("eventsReplayed").asLong()).isGreaterThanOrEqualTo(script.envelopes().size());
		assertThat(report.path("recordsSkipped").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(report.path("durationMs").isNumber()).isTrue();
		assertThat(summary()).isEqualTo(everything);
		assertThat(summary(script)).isEqualTo(period);
		assertThat(script.orders().stream().map(this::timeline).toList()).isEqualTo(timelines);
	}

	@Test
	void secondRebuildWhileOneRunsIsRejectedWithConflict() throws Exception {
		HttpResponse<String> first = whileARebuildWaitsForTheReadModels(() -> {
			HttpResponse<String> second = post("/api/analytics/rebuild");

			assertThat(second.statusCode()).isEqualTo(409);
			assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(second.body()).contains("\"title\":\"Rebuild already running\"");
		});

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(post("/api/analytics/rebuild").statusCode()).isEqualTo(200);
	}

	@Test
	void eventsConsumedWhileARebuildRunsCountOnce() throws Exception {
		Script script = Script.mixedSagas(period(), this::envelope);
		List<EventEnvelope> earlier = script.envelopes().subList(0, script.envelopes().size() / 2);
		List<EventEnvelope> meanwhile = script.envelopes().subList(earlier.size(), script.envelopes().size());
		earlier.forEach(events::publish);
		awaitEverythingConsumed();

		HttpResponse<String> rebuild = whileARebuildWaitsForTheReadModels(() -> meanwhile.forEach(events::publish));

		assertThat(rebuild.statusCode()).isEqualTo(200);
		awaitEverythingConsumed();
		assertThat(figures(summary(script))).isEqualTo(script.expectedFigures());
		assertThat(script.orders().stream().mapToInt(orderId -> timeline(orderId).path("steps").size()).sum())
			.isEqualTo(script.envelopes().size());
		assertThat(timeline(script.outOfStock()).path("refunded").asString()).isEqualTo("2.50");
	}

	@Test
	void badRequestsAreAnsweredWithProblemDetails() {
		HttpResponse<String> unknown = get("/api/analytics/orders/" + UUID.randomUUID() + "/timeline");
		HttpResponse<String> malformed = get("/api/analytics/orders/not-a-uuid/timeline");
		HttpResponse<String> badInstant = get("/api/analytics/summary?from=yesterday");
		HttpResponse<String> emptyPeriod = get("/api/analytics/summary?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z");

		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(badInstant.statusCode()).isEqualTo(400);
		assertThat(emptyPeriod.statusCode()).isEqualTo(400);
		assertThat(emptyPeriod.body()).contains("\"title\":\"Invalid period\"");
		for (HttpResponse<String> response : List.of(unknown, malformed, badInstant, emptyPeriod)) {
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
	}

	@Test
	void requestsWithoutAValidTokenAreRefusedWith401AsAProblem() {
		ServiceClient anonymous = ServiceClient.onPort(port);
		String token = auth.operator().value();
		ServiceClient forged = ServiceClient.onPort(port)
			.as(new AccessToken(token.substring(0, token.length() - 4) + "AAAA", Instant.MAX));

		for (HttpResponse<String> refused : List.of(anonymous.get("/api/analytics/summary"),
				anonymous.get("/api/analytics/orders/" + UUID.randomUUID() + "/timeline"),
				anonymous.post("/api/analytics/rebuild", ""), forged.post("/api/analytics/rebuild", ""))) {
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
	}

	@Test
	void customersReadNoAnalyticsNotEvenTheTimelineOfTheirOwnOrder() {
		TestCustomer ada = auth.newCustomer();
		UUID orderId = UUID.randomUUID();
		events.publish(new OrderPlaced(orderId, ada.id(), List.of(new OrderLine(sku(), 1, new BigDecimal("2.50"))),
				new BigDecimal("2.50"), "EUR", null));
		eventually().until(() -> get("/api/analytics/orders/" + orderId + "/timeline").statusCode() == 200);
		ServiceClient customer = ServiceClient.onPort(port).as(ada.token());

		for (HttpResponse<String> refused : List.of(customer.get("/api/analytics/summary"),
				customer.get("/api/analytics/orders/" + orderId + "/timeline"),
				customer.post("/api/analytics/rebuild", ""))) {
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		ServiceClient operator = ServiceClient.onPort(port).as(auth.operator());
		assertThat(operator.get("/api/analytics/summary").statusCode()).isEqualTo(200);
		assertThat(operator.get("/api/analytics/orders/" + orderId + "/timeline").body())
			.contains("\"eventType\":\"OrderPlaced\"");
	}

	@Test
	void staffReadTheAnalyticsButOnlyAnOperatorRebuildsThem() {
		ServiceClient staff = ServiceClient.onPort(port).as(auth.staff());
		ServiceClient operator = ServiceClient.onPort(port).as(auth.operator());

		HttpResponse<String> refused = staff.post("/api/analytics/rebuild", "");
		HttpResponse<String> rebuilt = operator.post("/api/analytics/rebuild", "");

		assertThat(staff.get("/api/analytics/summary").statusCode()).isEqualTo(200);
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying(value -> assertThat(value).contains("insufficient_scope"));
		assertThat(rebuilt.statusCode()).isEqualTo(200);
		assertThat(rebuilt.body()).contains("\"eventsReplayed\"");
	}

	/**
	 * The saga console in a real browser: an operator logs in on auth-server's login form, orders
	 * turn CONFIRMED without a reload, a click shows one order's timeline across the services, a
	 * parked dead letter is replayed and a parked outbox row discarded from the page, and 10,000
	 * orders in view are drawn as a few dozen rows. Screenshots go to {@code target/console-*.png}.
	 */
	@Test
	void consoleFollowsOrdersLiveShowsATimelineAndReplaysADeadLetter() throws Exception {
		long started = System.nanoTime();
		try (ConsoleBrowser browser = ConsoleBrowser.start()) {
			browser.onFailureScreenshot(() -> consoleScenario(browser, started));
		}
	}

	private void consoleScenario(ConsoleBrowser browser, long started) throws Exception {
		{
			// An operator logs in on auth-server's own login form (authorization code with PKCE from the page).
			TestStaffMember operator = auth.newStaffMember("operator");
			browser.open("http://127.0.0.1:" + port + "/console");
			browser.find("#log-in").click();
			eventually().ignoreExceptions().until(() -> browser.find("input#username").isDisplayed());
			browser.find("input#username").sendKeys(operator.username());
			browser.find("input#password").sendKeys(operator.password());
			browser.find("button[type='submit']").click();
			eventually().until(() -> browser.find("#connection").getText().equals("live"));
			assertThat(browser.find("#who").getText()).isEqualTo(operator.username() + " · operator");
			assertThat(browser.currentUrl()).as("no code or token left in the address")
				.endsWith("/console/index.html");
			assertThat(browser.script("return sessionStorage.getItem('ordersaga.console.token')")).isNotNull();
			assertThat(browser.script("return sessionStorage.getItem('ordersaga.console.login')")).isNull();
			browser.script("window.notReloaded = true");

			List<UUID> orders = Stream.generate(UUID::randomUUID).limit(3).toList();
			String sku = sku();
			orders.forEach(orderId -> events.publish(placed(orderId, "EUR", new OrderLine(sku, 2, new BigDecimal("4.50")))));
			eventually().ignoreExceptions()
				.until(() -> orders.stream().allMatch(orderId -> statusShown(browser, orderId).equals("PENDING")));
			for (UUID orderId : orders) {
				events.publish(paid(orderId, "9.00", "EUR"));
				events.publish(new InventoryReserved(orderId, List.of(new StockLine(sku, 2))));
				events.publish(new OrderConfirmed(orderId, CUSTOMER, new BigDecimal("9.00"), "EUR"));
				events.publish(new NotificationSent(UUID.randomUUID(), orderId, CUSTOMER,
						NotificationKind.ORDER_CONFIRMATION, "ada@example.com"));
			}
			eventually().ignoreExceptions()
				.until(() -> orders.stream().allMatch(orderId -> statusShown(browser, orderId).equals("CONFIRMED")));
			assertThat(browser.script("return window.notReloaded === true")).as("the page was not reloaded").isEqualTo(true);

			browser.find(".row[data-id='" + orders.get(0) + "']").click();
			eventually().ignoreExceptions().until(() -> browser.findAll("#timeline li.step").size() == 5);
			assertThat(browser.findAll("#timeline li.step").stream().map(step -> step.getDomAttribute("data-event")))
				.containsExactly("OrderPlaced", "PaymentCompleted", "InventoryReserved", "OrderConfirmed",
						"NotificationSent");
			assertThat(browser.find("#timeline").getText()).contains("payment-service", "inventory-service",
					"notification-service", " ms");
			eventually().ignoreExceptions()
				.until(() -> Long.parseLong(browser.find("[data-figure='confirmed']").getText().replace(",", "")) >= 3);

			UUID lateOrder = UUID.randomUUID();
			long offset = park(events.envelope(placed(lateOrder, "EUR", new OrderLine(sku, 1, new BigDecimal("4.50")))));
			String deadLetter = "#dead-letter-analytics-service-" + offset;
			long position = parkAnOutboxRow();
			String parkedRow = "#parked-analytics-service-" + position;
			eventually().ignoreExceptions().until(() -> {
				browser.find(deadLetter + " button.replay").click();
				return true;
			});
			eventually().ignoreExceptions().until(() -> browser.find(deadLetter).getText().contains("APPLIED"));
			eventually().ignoreExceptions().until(() -> statusShown(browser, lateOrder).equals("PENDING"));
			assertThat(browser.find("[data-service='order-service']").getText()).contains("unreachable");

			eventually().ignoreExceptions()
				.until(() -> browser.find(parkedRow).getText().contains("RecordTooLargeException"));

			browser.find(".row[data-id='" + orders.get(1) + "']").click();
			eventually().ignoreExceptions().until(() -> browser.findAll("#timeline li.step").size() == 5);
			browser.screenshot("live");

			eventually().ignoreExceptions().until(() -> {
				browser.find(parkedRow + " button[data-action='discard']").click();
				return true;
			});
			eventually().until(() -> jdbc.queryForObject(
					"SELECT discarded_at IS NOT NULL FROM outbox_event WHERE position = ?", Boolean.class, position));
			eventually().until(() -> browser.findAll(parkedRow).isEmpty());
			long liveMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

			Number firstDraw = (Number) browser.script(TEN_THOUSAND_ORDERS);
			Number scrolledDraw = (Number) browser.script("""
					const viewport = document.getElementById('orders');
					viewport.scrollTop = viewport.scrollHeight / 2;
					const started = performance.now();
					window.sagaConsole.drawNow();
					return performance.now() - started;
					""");
			assertThat(((Number) browser.script("return window.sagaConsole.count()")).longValue()).isGreaterThan(10_000);
			assertThat(browser.find("#order-count").getText()).matches("1\\d,\\d{3} in view");
			assertThat(browser.findAll("#orders-rows .row")).as("rows in the DOM").hasSizeLessThan(100);
			assertThat(firstDraw.doubleValue()).as("ms to take and draw 10,000 orders").isLessThan(1000);
			assertThat(scrolledDraw.doubleValue()).as("ms to draw after a scroll").isLessThan(100);
			browser.script("document.getElementById('orders').scrollTop = 0; window.sagaConsole.drawNow()");
			browser.screenshot("10k");
			System.out.printf("Console browser test: %d ms live part, 10,000 orders taken and drawn in %.0f ms, "
					+ "redrawn after a scroll in %.1f ms%n", liveMillis, firstDraw.doubleValue(), scrolledDraw.doubleValue());
		}
	}

	/** 10,000 made-up orders into the page at once; answers the milliseconds to take and draw them. */
	private static final String TEN_THOUSAND_ORDERS = """
			const orders = [];
			const now = Date.now();
			for (let i = 0; i < 10000; i++) {
			  const cancelled = i % 17 === 0;
			  const placedAt = now - (10000 - i) * 50;
			  orders.push({ id: crypto.randomUUID(), status: cancelled ? 'CANCELLED' : 'CONFIRMED',
			    reason: cancelled ? 'OUT_OF_STOCK' : null, total: '9.00', currency: 'EUR',
			    placedAt: new Date(placedAt).toISOString(), endedAt: new Date(placedAt + 150 + i % 90).toISOString(),
			    lastEvent: cancelled ? 'OrderCancelled' : 'NotificationSent', steps: 5 });
			}
			const started = performance.now();
			window.sagaConsole.ingest(orders);
			window.sagaConsole.drawNow();
			return performance.now() - started;
			""";

	/** The status the console shows in the order's row, or "" while the row is not drawn. */
	private static String statusShown(ConsoleBrowser browser, UUID orderId) {
		List<WebElement> rows = browser.findAll(".row[data-id='" + orderId + "'] .status");
		return rows.isEmpty() ? "" : rows.get(0).getText();
	}

	/**
	 * Parks a valid event in analytics-service's dead-letter topic, as the consumer parks one whose
	 * handler kept failing (here: for a reason that has passed, so its replay applies it).
	 * @return its offset there
	 */
	private long park(EventEnvelope envelope) throws Exception {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(TestInfrastructure.get().kafkaAdminConfig(),
				new StringSerializer(), new ByteArraySerializer())) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.deadLetterTopic(GROUP), 0,
					envelope.aggregateId(), new EventCodec().write(envelope));
			record.headers()
				.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, Topics.ORDERS.name().getBytes(StandardCharsets.UTF_8))
				.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(0).array())
				.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(0).array())
				.add(KafkaHeaders.DLT_EXCEPTION_FQCN,
						"org.springframework.dao.DataIntegrityViolationException".getBytes(StandardCharsets.UTF_8))
				.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE,
						"a constraint since dropped (staged by the test)".getBytes(StandardCharsets.UTF_8));
			return producer.send(record).get().offset();
		}
	}

	/**
	 * Parks a row in analytics-service's own outbox, as the relay parks one that Kafka refused
	 * {@code relay.park-after} times.
	 * @return its position
	 */
	private long parkAnOutboxRow() {
		UUID orderId = UUID.randomUUID();
		Long position = jdbc.queryForObject("""
				INSERT INTO outbox_event (position, event_id, topic, aggregate_type, aggregate_id, event_type,
				                          schema_version, envelope, attempts, refusals, parked_at, last_error)
				VALUES (nextval('outbox_event_position'), ?, ?, 'Order', ?, 'OrderPlaced', 2, '{}', 5, 5,
				        clock_timestamp(), ?)
				RETURNING position
				""", Long.class, UUID.randomUUID(), Topics.deadLetterTopic(GROUP), orderId.toString(),
				"org.apache.kafka.common.errors.RecordTooLargeException: The message is 1048601 bytes when "
						+ "serialized, larger than 1048576 (staged by the test)");
		return position;
	}

	/**
	 * Holds a lock on the timeline table so that a rebuild started now waits at its truncation with
	 * the rebuild lock taken, runs {@code meanwhile}, then lets the rebuild go on.
	 * @return the rebuild's answer
	 */
	private HttpResponse<String> whileARebuildWaitsForTheReadModels(Runnable meanwhile) throws Exception {
		CompletableFuture<HttpResponse<String>> rebuild;
		try (Connection blocker = dataSource.getConnection()) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				statement.execute("LOCK TABLE analytics_event IN ACCESS SHARE MODE");
			}
			rebuild = CompletableFuture.supplyAsync(() -> post("/api/analytics/rebuild"));
			eventually().until(() -> jdbc.queryForObject("""
					SELECT count(*) FROM pg_locks
					WHERE relation = 'analytics_event'::regclass AND mode = 'AccessExclusiveLock' AND NOT granted
					""", Integer.class) == 1);
			try {
				meanwhile.run();
			}
			finally {
				blocker.rollback();
			}
		}
		return rebuild.get(60, TimeUnit.SECONDS);
	}

	/** Waits until the service's consumer group has committed every offset of the saga topics. */
	private void awaitEverythingConsumed() {
		try (Admin admin = Admin.create(TestInfrastructure.get().kafkaAdminConfig())) {
			Set<String> topics = SagaProjection.topics();
			eventually().ignoreExceptions().untilAsserted(() -> {
				Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics)
					.allTopicNames()
					.get(10, TimeUnit.SECONDS)
					.values()
					.stream()
					.flatMap(topic -> topic.partitions()
						.stream()
						.map(partition -> new TopicPartition(topic.name(), partition.partition())))
					.collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
				Map<TopicPartition, Long> ends = admin.listOffsets(latest)
					.all()
					.get(10, TimeUnit.SECONDS)
					.entrySet()
					.stream()
					.collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
					.partitionsToOffsetAndMetadata()
					.get(10, TimeUnit.SECONDS);
				ends.forEach((partition, end) -> assertThat(
						committed.get(partition) == null ? 0 : committed.get(partition).offset())
					.as("committed offset of %s in %s", partition, GROUP)
					.isGreaterThanOrEqualTo(end));
			});
		}
	}

	private static ConditionFactory eventually() {
		return await().atMost(Duration.ofSeconds(60));
	}

	/** A day of its own, somewhere in the 22nd to 30th century, for one test's orders. */
	private static Instant period() {
		return Instant.parse("2100-01-01T00:00:00Z").plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(300_000)));
	}

	private static String sku() {
		return "SKU-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** The event in a new envelope, as its producer would have written it at {@code occurredAt}. */
	private EventEnvelope envelope(IntegrationEvent event, Instant occurredAt) {
		EventEnvelope envelope = events.envelope(event);
		return new EventEnvelope(envelope.eventId(), envelope.eventType(), envelope.schemaVersion(), occurredAt,
				envelope.producer(), envelope.aggregateType(), envelope.aggregateId(), envelope.correlationId(),
				envelope.causationId(), envelope.traceparent(), envelope.payload());
	}

	private JsonNode summary() {
		return json(get("/api/analytics/summary"));
	}

	private JsonNode summary(Script script) {
		return json(get("/api/analytics/summary?from=" + script.from() + "&to=" + script.from().plus(Duration.ofDays(1))));
	}

	private JsonNode timeline(UUID orderId) {
		return json(get("/api/analytics/orders/" + orderId + "/timeline"));
	}

	/** The summary without its period, to compare the figures of two periods. */
	private static JsonNode figures(JsonNode summary) {
		ObjectNode figures = ((ObjectNode) summary).deepCopy();
		figures.remove(List.of("from", "to"));
		return figures;
	}

	/**
	 * A timeline without what differs between two runs of the same saga: ids, and times other than
	 * relative to the placement.
	 */
	private static List<List<String>> shape(JsonNode timeline, Instant placedAt) {
		List<List<String>> steps = new ArrayList<>();
		steps.add(List.of(timeline.path("status").asString(), String.valueOf(timeline.path("cancellationReason")),
				String.valueOf(timeline.path("currency")), String.valueOf(timeline.path("total")),
				timeline.path("refunded").asString(), sincePlacement(timeline.path("placedAt"), placedAt),
				sincePlacement(timeline.path("endedAt"), placedAt)));
		timeline.path("steps")
			.forEach(step -> steps.add(List.of(sincePlacement(step.path("occurredAt"), placedAt),
					step.path("eventType").asString(), step.path("producer").asString(), step.path("topic").asString(),
					String.valueOf(step.path("delayMs")), String.valueOf(step.path("amount")),
					String.valueOf(step.path("currency")), String.valueOf(step.path("detail")))));
		return steps;
	}

	private static String sincePlacement(JsonNode instant, Instant placedAt) {
		return instant.isString() ? String.valueOf(Duration.between(placedAt, Instant.parse(instant.asString())).toMillis())
				: String.valueOf(instant);
	}

	private static List<String> column(JsonNode timeline, String field) {
		List<String> values = new ArrayList<>();
		timeline.path("steps").forEach(step -> values.add(step.path(field).isString() ? step.path(field).asString()
				: String.valueOf(step.path(field))));
		return values;
	}

	private static Map<String, Long> delta(JsonNode before, JsonNode after, String field) {
		Map<String, Long> delta = new HashMap<>();
		after.path(field).properties().forEach(entry -> delta.put(entry.getKey(),
				entry.getValue().asLong() - before.path(field).path(entry.getKey()).asLong(0)));
		return delta;
	}

	private static BigDecimal amount(JsonNode summary, String field, String currency) {
		JsonNode amount = summary.path(field).path(currency);
		return amount.isMissingNode() ? BigDecimal.ZERO : new BigDecimal(amount.asString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	/** Reads as staff, who read the figures and timelines. */
	private HttpResponse<String> get(String path) {
		return ServiceClient.onPort(port).as(auth.staff()).get(path);
	}

	/** Posts as an operator, who alone rebuilds the read models. */
	private HttpResponse<String> post(String path) {
		return ServiceClient.onPort(port).as(auth.operator()).post(path, "");
	}

	static final UUID CUSTOMER = UUID.fromString("00000000-0000-0000-0000-00000000ada1");

	static OrderPlaced placed(UUID orderId, String currency, OrderLine... lines) {
		BigDecimal total = Arrays.stream(lines)
			.map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		return new OrderPlaced(orderId, CUSTOMER, List.of(lines), total, currency, "ada@example.com");
	}

	static PaymentCompleted paid(UUID orderId, String amount, String currency) {
		return new PaymentCompleted(orderId, CUSTOMER, UUID.randomUUID(), new BigDecimal(amount), currency);
	}

	/** The event in a new envelope, published at a moment of the test's choosing. */
	interface Envelopes {

		EventEnvelope at(IntegrationEvent event, Instant occurredAt);
	}

	/**
	 * Six sagas placed at one moment, with fresh skus, and the figures they must add up to:
	 * <ul>
	 * <li>confirmed, 15.00 EUR (2 mugs, 1 tea), in 2 s, with every service's step;</li>
	 * <li>out of stock (1 mug): paid, refunded 2.50 EUR, cancelled after 3 s;</li>
	 * <li>payment declined (4 teas, 40.00 USD), cancelled after 0.4 s;</li>
	 * <li>paid (5 pots, 5.00 EUR), not yet decided;</li>
	 * <li>only placed (1 pot), published as OrderPlaced version 1;</li>
	 * <li>confirmed, 7.25 USD (1 pot), placed as version 1, in 4 s.</li>
	 * </ul>
	 */
	record Script(Instant from, List<UUID> orders, String mug, String tea, String pot, List<EventEnvelope> envelopes) {

		static Script mixedSagas(Instant from, Envelopes envelopes) {
			List<UUID> orders = Stream.generate(UUID::randomUUID).limit(6).toList();
			return new Script(from, orders, sku(), sku(), sku(), List.of()).withEnvelopes(envelopes);
		}

		/** The same sagas (same skus and timing, new orders) placed at another moment. */
		Script sameSagasFor(Instant otherFrom, Envelopes envelopes) {
			List<UUID> otherOrders = Stream.generate(UUID::randomUUID).limit(6).toList();
			return new Script(otherFrom, otherOrders, mug, tea, pot, List.of()).withEnvelopes(envelopes);
		}

		private Script withEnvelopes(Envelopes envelopes) {
			UUID confirmed = orders.get(0);
			UUID outOfStock = orders.get(1);
			UUID declined = orders.get(2);
			UUID paidOnly = orders.get(3);
			UUID placedOnly = orders.get(4);
			UUID confirmedInDollars = orders.get(5);
			List<EventEnvelope> script = List.of(
					envelopes.at(placed(confirmed, "EUR", line(mug, 2, "2.50"), line(tea, 1, "10.00")), from),
					envelopes.at(paid(confirmed, "15.00", "EUR"), at(1000)),
					envelopes.at(new InventoryReserved(confirmed, List.of(new StockLine(mug, 2), new StockLine(tea, 1))),
							at(1500)),
					envelopes.at(new OrderConfirmed(confirmed, CUSTOMER, new BigDecimal("15.00"), "EUR"), at(2000)),
					envelopes.at(new NotificationSent(UUID.randomUUID(), confirmed, CUSTOMER,
							NotificationKind.ORDER_CONFIRMATION, "ada@example.com"), at(2200)),

					envelopes.at(placed(outOfStock, "EUR", line(mug, 1, "2.50")), from),
					envelopes.at(paid(outOfStock, "2.50", "EUR"), at(500)),
					envelopes.at(new InventoryReservationFailed(outOfStock, List.of(new Shortage(mug, 1, 0))), at(1000)),
					envelopes.at(new PaymentRefunded(outOfStock, CUSTOMER, UUID.randomUUID(), new BigDecimal("2.50"), "EUR",
							RefundReason.OUT_OF_STOCK), at(1200)),
					envelopes.at(new OrderCancelled(outOfStock, CUSTOMER, CancellationReason.OUT_OF_STOCK,
							new BigDecimal("2.50"), "EUR"), at(3000)),

					envelopes.at(placed(declined, "USD", line(tea, 4, "10.00")), from),
					envelopes.at(new PaymentFailed(declined, CUSTOMER, new BigDecimal("40.00"), "USD",
							PaymentFailureReason.INSUFFICIENT_FUNDS), at(300)),
					envelopes.at(new OrderCancelled(declined, CUSTOMER, CancellationReason.PAYMENT_DECLINED,
							new BigDecimal("40.00"), "USD"), at(400)),

					envelopes.at(placed(paidOnly, "EUR", line(pot, 5, "1.00")), from),
					envelopes.at(paid(paidOnly, "5.00", "EUR"), at(100)),

					envelopes.at(placed(placedOnly, "EUR", line(pot, 1, "1.00")).toV1(), from),

					envelopes.at(placed(confirmedInDollars, "USD", line(pot, 1, "7.25")).toV1(), from),
					envelopes.at(new OrderConfirmed(confirmedInDollars, CUSTOMER, new BigDecimal("7.25"), "USD"),
							at(4000)));
			assertThat(script).allSatisfy(envelope -> assertThat(EventCatalog.find(envelope.eventType(),
					envelope.schemaVersion())).isPresent());
			return new Script(from, orders, mug, tea, pot, script);
		}

		JsonNode expectedFigures() {
			return JSON.readTree("""
					{
					  "ordersByStatus": {"PENDING": 1, "PAID": 1, "CONFIRMED": 2, "CANCELLED": 2},
					  "confirmedRevenue": {"EUR": "15.00", "USD": "7.25"},
					  "refunds": {"EUR": {"count": 1, "amount": "2.50"}},
					  "cancellationReasons": {"PAYMENT_DECLINED": 1, "OUT_OF_STOCK": 1, "CUSTOMER_REQUEST": 0, "TIMEOUT": 0},
					  "unitsSoldBySku": {"%s": 2, "%s": 1, "%s": 1},
					  "sagaDuration": {
					    "CONFIRMED": {"count": 2, "p50Ms": 3000, "p95Ms": 3900, "p99Ms": 3980},
					    "CANCELLED": {"count": 2, "p50Ms": 1700, "p95Ms": 2870, "p99Ms": 2974}
					  }
					}
					""".formatted(mug, tea, pot));
		}

		UUID outOfStock() {
			return orders.get(1);
		}

		private Instant at(long millisAfterPlacement) {
			return from.plusMillis(millisAfterPlacement);
		}

		private static OrderLine line(String sku, int quantity, String unitPrice) {
			return new OrderLine(sku, quantity, new BigDecimal(unitPrice));
		}
	}
}
