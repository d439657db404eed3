package dev.ordersaga.endtoend;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.contracts.Amounts;
import dev.ordersaga.testsupport.AuthServerProcess.TestCustomer;
import dev.ordersaga.testsupport.SagaInvariants;
import dev.ordersaga.testsupport.TestInfrastructure;
import dev.ordersaga.testsupport.ZipkinServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The order saga across the five services, driven through their REST APIs as a shop would drive
 * it, one test per path through the saga with the e-mails each path sends, then a crowd of
 * concurrent orders after which every invariant of the saga must hold, every e-mail must have gone
 * out once, and analytics-service's figures must equal the services' own. The services send their
 * spans to a real Zipkin server, where one order must be one trace.
 */
class OrderSagaIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static SagaServices services;

	/** The customers the tests registered, by id, with their tokens. */
	static final Map<UUID, TestCustomer> CUSTOMERS = new java.util.concurrent.ConcurrentHashMap<>();

	/** Where the five services send their spans. */
	static ZipkinServerProcess zipkin;

	@BeforeAll
	static void startServices() {
		// Zipkin starts beside the services and is awaited only by the test that reads a trace.
		zipkin = ZipkinServerProcess.start();
		// The crowd test places more orders at once than admission takes by default; refusing them is
		// order-service's own test (OrderAdmissionIT), not this one's.
		services = SagaServices.start(List.of("--management.tracing.export.zipkin.endpoint=" + zipkin.spansEndpoint()),
				"--order.saga.timeout=8s", "--order.saga.timeout-check-interval=250ms",
				"--order.admission.max-open-orders=100000");
	}

	@AfterAll
	static void stopServices() {
		services.close();
		zipkin.close();
	}

	@Test
	void orderThatIsPaidAndInStockIsConfirmed() {
		String mug = product(10, "9.90");
		UUID customer = account("50.00");

		UUID orderId = placeOrder(customer, mug, 2);

		assertThat(pollUntilTerminal(orderId)).isEqualTo("CONFIRMED");
		assertThat(payment(orderId)).contains("\"status\":\"CHARGED\"", "\"amount\":19.8");
		assertThat(services.get("payment-service", "/api/accounts/" + customer).body()).contains("\"balance\":30.2");
		assertThat(services.get("inventory-service", "/api/products/" + mug).body()).contains("\"available\":8",
				"\"reserved\":2");
		assertThat(services.get("order-service", "/api/orders/" + orderId).body()).contains(
				"\"eventType\":\"OrderPlaced\"", "\"eventType\":\"PaymentCompleted\"",
				"\"eventType\":\"InventoryReserved\"", "\"eventType\":\"OrderConfirmed\"");
		assertThat(mailedKinds(orderId)).containsExactlyInAnyOrder("PAYMENT_RECEIPT", "ORDER_CONFIRMATION");
		assertThat(mail(orderId, "ORDER_CONFIRMATION")).contains("of 19.80 EUR is confirmed");
	}

	/**
	 * One order is one trace in Zipkin: it starts with the customer's request to order-service, each
	 * relay publishes in a span under the request or handler that wrote the outbox row, and each
	 * consumer handles in a span under that publish, in all five services.
	 */
	@Test
	void orderIsOneTraceFromTheRequestThroughEveryService() {
		String mug = product(10, "3.50");
		UUID customer = account("50.00");

		UUID orderId = placeOrder(customer, mug, 1);

		assertThat(pollUntilTerminal(orderId)).isEqualTo("CONFIRMED");
		String traceId = services.database().queryForObject("SELECT traceparent FROM order_service.outbox_event "
				+ "WHERE aggregate_id = ? AND event_type = 'OrderPlaced'", String.class, orderId.toString()).split("-")[1];
		// Each service sends its spans about once a second: a consumer's span may reach Zipkin before
		// the publish it descends from.
		await("the order's trace in Zipkin").atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertIsOneTraceFromTheRequestThroughEveryService(spansOf(traceId)));
	}

	private static void assertIsOneTraceFromTheRequestThroughEveryService(List<JsonNode> spans) {
		assertThat(spans).extracting(OrderSagaIT::service).containsAll(SERVICES);
		Map<String, JsonNode> byId = spans.stream().collect(Collectors.toMap(span -> span.path("id").asString(),
				span -> span, (first, second) -> first));
		JsonNode request = spans.stream().filter(span -> service(span).equals("order-service")
				&& span.path("kind").asString().equals("SERVER") && span.path("name").asString().contains("/api/orders"))
			.findFirst().orElseThrow(() -> new AssertionError("no span of the request in " + spans));
		JsonNode publish = spans.stream().filter(span -> service(span).equals("order-service")
				&& span.path("kind").asString().equals("PRODUCER")
				&& span.path("tags").path("event.type").asString().equals("OrderPlaced"))
			.findFirst().orElseThrow(() -> new AssertionError("no span of OrderPlaced's publish in " + spans));
		assertThat(request.has("parentId")).as("the request starts the trace").isFalse();
		assertThat(ancestors(publish, byId)).as("OrderPlaced's publish descends from the request")
			.contains(request.path("id").asString());
		List<JsonNode> consumers = spans.stream().filter(span -> span.path("kind").asString().equals("CONSUMER")).toList();
		assertThat(consumers).extracting(OrderSagaIT::service).containsAll(SERVICES.subList(1, SERVICES.size()));
		assertThat(consumers).as("every handler's parent is a publish").allSatisfy(consumer -> assertThat(
				kind(byId.get(consumer.path("parentId").asString()))).isEqualTo("PRODUCER"));
	}

	@Test
	void orderBeyondTheBalanceIsCancelledAsDeclined() {
		String tea = product(10, "24.50");
		UUID customer = account("10.00");

		UUID orderId = placeOrder(customer, tea, 1);

		assertThat(pollUntilTerminal(orderId)).isEqualTo("CANCELLED");
		assertThat(services.get("order-service", "/api/orders/" + orderId).body())
			.contains("\"reason\":\"PAYMENT_DECLINED\"");
		assertThat(payment(orderId)).contains("\"status\":\"DECLINED\"", "\"failureReason\":\"INSUFFICIENT_FUNDS\"");
		assertThat(services.get("inventory-service", "/api/products/" + tea).body()).contains("\"available\":10",
				"\"reserved\":0");
		assertThat(mailedKinds(orderId)).containsExactly("ORDER_CANCELLATION");
		assertThat(mail(orderId, "ORDER_CANCELLATION")).contains("because the payment was declined")
			.doesNotContain("refunded");
	}

	@Test
	void orderForStockThatIsGoneIsCancelledAndRefunded() {
		String rare = product(1, "5.00");
		UUID customer = account("20.00");

		UUID orderId = placeOrder(customer, rare, 2);

		assertThat(pollUntilTerminal(orderId)).isEqualTo("CANCELLED");
		assertThat(services.get("order-service", "/api/orders/" + orderId).body()).contains("\"reason\":\"OUT_OF_STOCK\"");
		await().untilAsserted(() -> assertThat(payment(orderId)).contains("\"status\":\"REFUNDED\"",
				"\"refundReason\":\"OUT_OF_STOCK\""));
		assertThat(services.get("payment-service", "/api/accounts/" + customer).body()).contains("\"balance\":20");
		assertThat(services.get("inventory-service", "/api/products/" + rare).body()).contains("\"available\":1",
				"\"reserved\":0");
		assertThat(mailedKinds(orderId)).containsExactlyInAnyOrder("PAYMENT_RECEIPT", "ORDER_CANCELLATION");
		assertThat(mail(orderId, "ORDER_CANCELLATION")).contains("because an item is out of stock",
				"We refunded 10.00 EUR");
	}

	@Test
	void orderTheCustomerCancelsIsRefundedAndItsStockNeverHeld() {
		String lamp = product(5, "30.00");
		UUID customer = account("100.00");
		services.pauseConsuming("inventory-service");
		UUID orderId;
		try {
			orderId = placeOrder(customer, lamp, 1);
			await().untilAsserted(() -> assertThat(payment(orderId)).contains("\"status\":\"CHARGED\""));

			HttpResponse<String> cancelled = services.post("order-service", "/api/orders/" + orderId + "/cancel", "", token(customer));

			assertThat(cancelled.statusCode()).isEqualTo(200);
			assertThat(cancelled.body()).contains("\"reason\":\"CUSTOMER_REQUEST\"");
			await().untilAsserted(() -> assertThat(payment(orderId)).contains("\"status\":\"REFUNDED\"",
					"\"refundReason\":\"ORDER_CANCELLED\""));
		}
		finally {
			services.resumeConsuming("inventory-service");
		}
		await().atMost(Duration.ofSeconds(60)).until(services::quiet);
		assertThat(services.get("inventory-service", "/api/products/" + lamp).body()).contains("\"available\":5",
				"\"reserved\":0");
		assertThat(mailedKinds(orderId)).containsExactlyInAnyOrder("PAYMENT_RECEIPT", "ORDER_CANCELLATION");
		assertThat(mail(orderId, "ORDER_CANCELLATION")).contains("because you asked us to cancel it",
				"We refunded 30.00 EUR");
	}

	@Test
	void orderStuckPastItsDeadlineIsCancelledAndCompensated() {
		String chair = product(5, "40.00");
		UUID customer = account("100.00");
		services.pauseConsuming("inventory-service");
		UUID orderId;
		try {
			orderId = placeOrder(customer, chair, 1);
			assertThat(pollUntilTerminal(orderId)).isEqualTo("CANCELLED");
		}
		finally {
			services.resumeConsuming("inventory-service");
		}
		assertThat(services.get("order-service", "/api/orders/" + orderId).body()).contains("\"reason\":\"TIMEOUT\"");
		await().atMost(Duration.ofSeconds(60)).until(services::quiet);
		assertThat(payment(orderId)).contains("\"status\":\"REFUNDED\"");
		assertThat(services.get("inventory-service", "/api/products/" + chair).body()).contains("\"available\":5",
				"\"reserved\":0");
		assertThat(mailedKinds(orderId)).containsExactlyInAnyOrder("PAYMENT_RECEIPT", "ORDER_CANCELLATION");
		assertThat(mail(orderId, "ORDER_CANCELLATION")).contains("could not be completed in time",
				"We refunded 40.00 EUR");
	}

	/**
	 * Two customers logged in through the real auth-server: each sees their own order, account,
	 * payment and e-mails in every service, and the other's are answered as if they did not exist.
	 */
	@Test
	void customersSeeTheirOwnSagaInEveryServiceAndNothingOfAnothers() {
		String mug = product(10, "4.00");
		UUID ada = account("50.00");
		UUID bob = account("50.00");
		UUID orderId = placeOrder(ada, mug, 1);
		assertThat(pollUntilTerminal(orderId)).isEqualTo("CONFIRMED");
		await().atMost(Duration.ofSeconds(60)).until(() -> !mailedKinds(orderId).isEmpty());

		assertThat(services.get("order-service", "/api/orders/" + orderId, token(ada)).statusCode()).isEqualTo(200);
		assertThat(services.get("payment-service", "/api/accounts/" + ada, token(ada)).statusCode()).isEqualTo(200);
		assertThat(services.get("payment-service", "/api/payments?orderId=" + orderId, token(ada)).body())
			.contains(orderId.toString());
		assertThat(services.get("notification-service", "/api/notifications?orderId=" + orderId, token(ada)).body())
			.contains(orderId.toString());

		assertThat(services.get("order-service", "/api/orders/" + orderId, token(bob)).statusCode()).isEqualTo(404);
		assertThat(services.get("order-service", "/api/orders?customerId=" + ada, token(bob)).body())
			.contains("\"totalElements\":0");
		assertThat(services.get("payment-service", "/api/accounts/" + ada, token(bob)).statusCode()).isEqualTo(404);
		assertThat(services.get("payment-service", "/api/payments?orderId=" + orderId, token(bob)).body())
			.isEqualTo("[]");
		assertThat(services.get("notification-service", "/api/notifications?orderId=" + orderId, token(bob)).body())
			.isEqualTo("[]");
		assertThat(services.get("notification-service", "/api/customers/" + ada + "/contact", token(bob)).statusCode())
			.isEqualTo(404);
		assertThat(services.get("analytics-service", "/api/analytics/orders/" + orderId + "/timeline", token(bob))
			.statusCode()).isEqualTo(403);
		assertThat(services.post("order-service", "/api/orders/" + orderId + "/cancel", "", token(bob)).statusCode())
			.isEqualTo(404);
	}

	@Test
	void everyInvariantHoldsAfterAMixedCrowdOfConcurrentOrders() throws Exception {
		List<String> skus = List.of(product(400, "3.00"), product(60, "7.50"), product(5, "12.00"), product(1, "99.00"));
		List<UUID> customers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			customers.add(account(i % 4 == 0 ? "15.00" : "500.00"));
		}
		Map<String, Integer> initialStock = stock(skus);
		Map<UUID, BigDecimal> initialBalances = balances(customers);
		Random random = new Random(42);
		List<UUID> orders = new ArrayList<>();
		ExecutorService shoppers = Executors.newFixedThreadPool(8);
		try {
			List<Future<UUID>> placed = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				UUID customer = customers.get(random.nextInt(customers.size()));
				String sku = skus.get(random.nextInt(skus.size()));
				int quantity = 1 + random.nextInt(3);
				boolean cancelRightAway = random.nextInt(10) == 0;
				placed.add(shoppers.submit(() -> {
					UUID orderId = placeOrder(customer, sku, quantity);
					if (cancelRightAway) {
						HttpResponse<String> cancel = services.post("order-service", "/api/orders/" + orderId + "/cancel", "", token(customer));
						assertThat(cancel.statusCode()).isIn(200, 409);
					}
					return orderId;
				}));
			}
			for (Future<UUID> order : placed) {
				orders.add(order.get());
			}
		}
		finally {
			shoppers.shutdownNow();
		}

		// One query rather than 200 GETs per poll: the test's own load must not slow the saga it watches.
		Object ids = orders.stream().map(UUID::toString).toArray(String[]::new);
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(
				() -> services.database().queryForObject("""
						SELECT count(*) FROM order_service.customer_order
						WHERE order_id = ANY(?::uuid[]) AND status IN ('PENDING', 'PAID')
						""", Long.class, ids) == 0 && services.quiet());

		List<String> outcomes = services.database().queryForList("""
				SELECT status || coalesce(' ' || cancel_reason, '') || ': ' || count(*)
				FROM order_service.customer_order WHERE order_id = ANY(?::uuid[])
				GROUP BY status, cancel_reason ORDER BY 1
				""", String.class, ids);
		System.out.println("Mixed crowd of " + orders.size() + " orders: " + outcomes);
		printWhereTheTimeWent(orders);
		assertThat(new SagaInvariants(services.database()).violations(orders, initialStock, initialBalances))
			.as("saga invariants").isEmpty();
		await().atMost(Duration.ofSeconds(60)).until(() -> services.quiet() && nothingToMail());
		assertEveryOrderWasMailedOncePerKind(orders);
		assertAnalyticsAgreesWithTheServicesOwnRecords();
	}

	/**
	 * analytics-service saw every order of every test of this class only through events; once all is
	 * quiet its summary must equal what order-, payment- and inventory-service hold themselves.
	 */
	private static void assertAnalyticsAgreesWithTheServicesOwnRecords() {
		await().atMost(Duration.ofSeconds(60)).until(services::quiet);
		JdbcTemplate db = services.database();
		JsonNode summary = JSON.readTree(services.get("analytics-service", "/api/analytics/summary").body());

		Map<String, Long> byStatus = new TreeMap<>(Map.of("PENDING", 0L, "PAID", 0L, "CONFIRMED", 0L, "CANCELLED", 0L));
		db.query("SELECT status, count(*) FROM order_service.customer_order GROUP BY status",
				rs -> { byStatus.put(rs.getString(1), rs.getLong(2)); });
		assertThat(longs(summary.path("ordersByStatus"))).as("orders by status").isEqualTo(byStatus);

		Map<String, Long> reasons = new TreeMap<>();
		for (String reason : List.of("PAYMENT_DECLINED", "OUT_OF_STOCK", "CUSTOMER_REQUEST", "TIMEOUT")) {
			reasons.put(reason, 0L);
		}
		db.query("SELECT cancel_reason, count(*) FROM order_service.customer_order WHERE status = 'CANCELLED' "
				+ "GROUP BY cancel_reason", rs -> { reasons.put(rs.getString(1), rs.getLong(2)); });
		assertThat(longs(summary.path("cancellationReasons"))).as("cancellation reasons").isEqualTo(reasons);

		Map<String, String> revenue = new TreeMap<>();
		db.query("SELECT currency, sum(total) FROM order_service.customer_order WHERE status = 'CONFIRMED' "
				+ "GROUP BY currency", rs -> { revenue.put(rs.getString(1), money(rs.getBigDecimal(2))); });
		assertThat(strings(summary.path("confirmedRevenue"))).as("confirmed revenue").isEqualTo(revenue);

		Map<String, String> refunds = new TreeMap<>();
		db.query("SELECT currency, count(*), sum(amount) FROM payment_service.payment WHERE status = 'REFUNDED' "
				+ "GROUP BY currency", rs -> {
					refunds.put(rs.getString(1), rs.getLong(2) + " for " + money(rs.getBigDecimal(3)));
				});
		Map<String, String> analyticsRefunds = new TreeMap<>();
		summary.path("refunds").properties().forEach(refund -> analyticsRefunds.put(refund.getKey(),
				refund.getValue().path("count").asLong() + " for " + refund.getValue().path("amount").asString()));
		assertThat(analyticsRefunds).as("refunds").isEqualTo(refunds);

		Map<String, Long> unitsSold = new TreeMap<>();
		db.query("""
				SELECT l.sku, sum(l.quantity) FROM order_service.order_line l
				JOIN order_service.customer_order o USING (order_id) WHERE o.status = 'CONFIRMED' GROUP BY l.sku
				""", rs -> { unitsSold.put(rs.getString(1), rs.getLong(2)); });
		Map<String, Long> unitsReserved = new TreeMap<>();
		db.query("""
				SELECT l.sku, sum(l.quantity) FROM inventory_service.stock_order_line l
				JOIN inventory_service.stock_order o USING (order_id) WHERE o.status = 'RESERVED' GROUP BY l.sku
				""", rs -> { unitsReserved.put(rs.getString(1), rs.getLong(2)); });
		assertThat(longs(summary.path("unitsSoldBySku"))).as("units sold by sku").isEqualTo(unitsSold)
			.isEqualTo(unitsReserved);
		System.out.println("analytics-service agrees with the services: " + summary);
	}

	private static Map<String, Long> longs(JsonNode object) {
		Map<String, Long> values = new TreeMap<>();
		object.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asLong()));
		return values;
	}

	private static Map<String, String> strings(JsonNode object) {
		Map<String, String> values = new TreeMap<>();
		object.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asString()));
		return values;
	}

	private static String money(BigDecimal amount) {
		return Amounts.normalize(amount).toPlainString();
	}

	/**
	 * Every metric the Grafana dashboard and the Prometheus alert rules read (docker/grafana,
	 * docker/prometheus) is exported by the running services, as Prometheus would scrape them: a name
	 * misspelt there, or a meter renamed in the code, fails here.
	 */
	@Test
	void everyMetricTheDashboardAndTheAlertsReadIsExported() {
		String mug = product(10, "3.00");
		UUID customer = account("10.00");
		UUID confirmed = placeOrder(customer, mug, 1);
		UUID declined = placeOrder(customer, product(10, "80.00"), 1);
		assertThat(pollUntilTerminal(confirmed)).isEqualTo("CONFIRMED");
		assertThat(pollUntilTerminal(declined)).isEqualTo("CANCELLED");
		assertThat(mailedKinds(confirmed)).contains("ORDER_CONFIRMATION");

		Set<String> exported = new TreeSet<>();
		for (String service : services.names()) {
			HttpResponse<String> scrape = services.scrape(service);
			assertThat(scrape.statusCode()).as("%s's scrape with an operator's token", service).isEqualTo(200);
			Set<String> series = Monitoring.seriesNames(scrape.body());
			assertThat(series).as("%s's messaging and JVM", service).contains("outbox_pending",
					"outbox_oldest_pending_age_seconds", "messaging_consumer_lag", "inbox_dead_lettered_total",
					"jvm_memory_used_bytes");
			exported.addAll(series);
		}
		Set<String> used = new TreeSet<>(Monitoring.metricsUsed());
		used.removeAll(Monitoring.PROMETHEUS_OWN);
		assertThat(used).as("metrics of the dashboard and the alert rules").isNotEmpty();
		assertThat(exported).as("series the services export").containsAll(used);
		String orders = services.scrape("order-service").body();
		assertThat(orders).containsPattern("orders_saga_duration_seconds_bucket\\{[^}]*le=\"0\\.25\"")
			.containsPattern("orders_cancelled_total\\{[^}]*reason=\"PAYMENT_DECLINED\"} [1-9]")
			.containsPattern("orders_confirmed_total\\{[^}]*} [1-9]");
	}

	@Test
	void noServiceCanReadOrWriteAnotherServicesSchema() throws Exception {
		try (Connection orders = services.dataSource("order-service").getConnection();
				Statement statement = orders.createStatement()) {
			assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM payment_service.account"))
				.hasMessageContaining("permission denied for schema payment_service");
			assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM inventory_service.product"))
				.hasMessageContaining("permission denied for schema inventory_service");
		}
		try (Connection payments = services.dataSource("payment-service").getConnection();
				Statement statement = payments.createStatement()) {
			assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM order_service.customer_order"))
				.hasMessageContaining("permission denied for schema order_service");
		}
	}

	/** Per hop of the crowd's events: append → on Kafka (relay) and on Kafka → handled (each consumer). */
	private static void printWhereTheTimeWent(List<UUID> orders) {
		Object ids = orders.stream().map(UUID::toString).toArray(String[]::new);
		StringBuilder union = new StringBuilder();
		for (String service : List.of("order_service", "payment_service", "inventory_service")) {
			union.append(union.isEmpty() ? "" : " UNION ALL ").append("SELECT '").append(service)
				.append("' AS producer, event_id, event_type, created_at, published_at FROM ").append(service)
				.append(".outbox_event WHERE aggregate_id = ANY(?)");
		}
		String hops = """
				WITH published AS (%s),
				consumed AS (SELECT 'payment_service' AS consumer, event_id, processed_at FROM payment_service.inbox_event
				  UNION ALL SELECT 'inventory_service', event_id, processed_at FROM inventory_service.inbox_event
				  UNION ALL SELECT 'order_service', event_id, processed_at FROM order_service.inbox_event)
				SELECT hop, count(*) AS events,
				       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)) AS p50,
				       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)) AS p95, round(max(ms)) AS max
				FROM (SELECT 'relay ' || producer AS hop,
				             extract(epoch FROM published_at - created_at) * 1000 AS ms FROM published
				      UNION ALL
				      SELECT 'consume ' || consumer, extract(epoch FROM c.processed_at - p.published_at) * 1000
				      FROM published p JOIN consumed c USING (event_id)) AS lags
				GROUP BY hop ORDER BY hop
				""".formatted(union);
		System.out.println("Where the crowd's time went (ms):");
		services.database().query(hops, rs -> {
			System.out.printf("  %-28s %6d events  p50 %6d  p95 %6d  max %6d%n", rs.getString("hop"), rs.getLong("events"),
					rs.getLong("p50"), rs.getLong("p95"), rs.getLong("max"));
		}, ids, ids, ids);
		services.handlerTimes().forEach((service, time) -> System.out.printf("  inbox of %-21s %s%n", service, time));
	}

	/**
	 * The mailbox holds, per order, one receipt if the payment was taken, one confirmation or one
	 * cancellation notice, and at most one refund notice (a refund later than the notice's wait):
	 * never two e-mails of one kind, whatever was redelivered.
	 */
	private static void assertEveryOrderWasMailedOncePerKind(List<UUID> orders) {
		List<String> messageIds = services.mails().stream().map(OrderSagaIT::messageId).toList();
		assertThat(messageIds).as("e-mails sent twice").doesNotHaveDuplicates();
		for (UUID orderId : orders) {
			String status = status(orderId);
			String paymentStatus = services.database().query(
					"SELECT status FROM payment_service.payment WHERE order_id = ?",
					rs -> rs.next() ? rs.getString(1) : "NONE", orderId);
			List<String> expected = new ArrayList<>();
			if (List.of("CHARGED", "REFUNDED").contains(paymentStatus)) {
				expected.add("PAYMENT_RECEIPT");
			}
			expected.add(status.equals("CONFIRMED") ? "ORDER_CONFIRMATION" : "ORDER_CANCELLATION");
			List<String> mailed = new ArrayList<>(kinds(orderId));
			if (paymentStatus.equals("REFUNDED") && mailed.contains("REFUND_NOTICE")) {
				mailed.remove("REFUND_NOTICE");
			}
			assertThat(mailed).as("e-mails of order %s (%s, payment %s)", orderId, status, paymentStatus)
				.containsExactlyInAnyOrderElementsOf(expected);
		}
	}

	/** Waits until every service is caught up and notification-service owes nothing, then lists the kinds mailed. */
	private static List<String> mailedKinds(UUID orderId) {
		await().atMost(Duration.ofSeconds(60)).until(() -> services.quiet() && nothingToMail());
		return kinds(orderId);
	}

	private static boolean nothingToMail() {
		Long pending = services.database().queryForObject(
				"SELECT count(*) FROM notification_service.notification WHERE status = 'PENDING'", Long.class);
		return pending != null && pending == 0;
	}

	private static List<String> kinds(UUID orderId) {
		return services.mailsFor(orderId).stream().map(mail -> header(mail, "X-Notification-Kind")).toList();
	}

	private static String mail(UUID orderId, String kind) {
		return services.mailsFor(orderId).stream().filter(mail -> header(mail, "X-Notification-Kind").equals(kind))
			.map(GreenMailUtil::getBody).findFirst().orElseThrow();
	}

	private static String messageId(MimeMessage mail) {
		return header(mail, "Message-ID");
	}

	private static String header(MimeMessage mail, String name) {
		try {
			return mail.getHeader(name)[0];
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The five services, order-service (where an order's trace starts) first. */
	static final List<String> SERVICES = List.of("order-service", "payment-service", "inventory-service",
			"notification-service", "analytics-service");

	/** The spans Zipkin holds of a trace, as its v2 JSON. */
	private static List<JsonNode> spansOf(String traceId) {
		List<JsonNode> spans = new ArrayList<>();
		zipkin.trace(traceId).ifPresent(body -> JSON.readTree(body).forEach(spans::add));
		return spans;
	}

	private static String kind(@Nullable JsonNode span) {
		return span == null ? "none in the trace" : span.path("kind").asString();
	}

	private static String service(JsonNode span) {
		return span.path("localEndpoint").path("serviceName").asString();
	}

	/** The ids of a span's parent, its parent's parent, and so on, as far as the trace holds them. */
	private static List<String> ancestors(JsonNode span, Map<String, JsonNode> byId) {
		List<String> ancestors = new ArrayList<>();
		for (JsonNode parent = byId.get(span.path("parentId").asString()); parent != null
				&& !ancestors.contains(parent.path("id").asString()); parent = byId.get(parent.path("parentId").asString())) {
			ancestors.add(parent.path("id").asString());
		}
		return ancestors;
	}

	/** The customer, logged in through the real auth-server, places an order for themself. */
	private static UUID placeOrder(UUID customer, String sku, int quantity) {
		HttpResponse<String> placed = services.post("order-service", "/api/orders",
				"{\"currency\":\"EUR\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}]}",
				token(customer));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
		String location = placed.headers().firstValue("Location").orElseThrow();
		return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
	}

	private static String pollUntilTerminal(UUID orderId) {
		await().atMost(Duration.ofSeconds(60)).until(() -> List.of("CONFIRMED", "CANCELLED").contains(status(orderId)));
		return status(orderId);
	}

	private static String status(UUID orderId) {
		String body = services.get("order-service", "/api/orders/" + orderId).body();
		return body.replaceAll("(?s).*\"status\":\"([A-Z]+)\".*", "$1");
	}

	private static String payment(UUID orderId) {
		return services.get("payment-service", "/api/payments?orderId=" + orderId).body();
	}

	/** Creates a product in inventory and waits until order-service's catalogue knows it. */
	private static String product(int available, String price) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> created = services.put("inventory-service", "/api/products/" + sku,
				"{\"name\":\"Product " + sku + "\",\"unitPrice\":" + price + ",\"currency\":\"EUR\",\"available\":" + available + "}");
		assertThat(created.statusCode()).isEqualTo(201);
		await().until(() -> services.database()
			.queryForObject("SELECT count(*) FROM order_service.catalog_product WHERE sku = ?", Integer.class, sku) == 1);
		return sku;
	}

	/** A customer registered in the real auth-server, with an account staff opened. */
	private static UUID account(String balance) {
		TestCustomer registered = TestInfrastructure.get().auth().newCustomer();
		UUID customer = registered.id();
		CUSTOMERS.put(customer, registered);
		HttpResponse<String> opened = services.put("payment-service", "/api/accounts/" + customer,
				"{\"currency\":\"EUR\",\"balance\":" + balance + "}");
		assertThat(opened.statusCode()).isEqualTo(201);
		return customer;
	}

	private static AccessToken token(UUID customer) {
		return CUSTOMERS.get(customer).token();
	}

	private static Map<String, Integer> stock(List<String> skus) {
		Map<String, Integer> stock = new java.util.HashMap<>();
		skus.forEach(sku -> stock.put(sku, services.database().queryForObject(
				"SELECT available + reserved FROM inventory_service.product WHERE sku = ?", Integer.class, sku)));
		return stock;
	}

	private static Map<UUID, BigDecimal> balances(List<UUID> customers) {
		Map<UUID, BigDecimal> balances = new java.util.HashMap<>();
		customers.forEach(customer -> balances.put(customer, services.database().queryForObject(
				"SELECT balance FROM payment_service.account WHERE customer_id = ?", BigDecimal.class, customer)));
		return balances;
	}
}
