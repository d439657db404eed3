package dev.ordersaga.order;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.InventoryReserved;
import dev.ordersaga.contracts.inventory.v1.ProductUpdated;
import dev.ordersaga.contracts.inventory.v1.Shortage;
import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentFailed;
import dev.ordersaga.contracts.payment.v1.PaymentFailureReason;
import dev.ordersaga.testsupport.EventPublisher;
import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-service on real PostgreSQL and Kafka: the REST API, the event wiring, the locks and the SQL.
 * The order's transitions and their odd arrival orders are {@code OrderTest}'s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@DirtiesContext
class OrderIT {

	static final String MUG = "SKU-MUG-" + UUID.randomUUID().toString().substring(0, 6);

	static final String TEA = "SKU-TEA-" + UUID.randomUUID().toString().substring(0, 6);

	static final String DOLLAR_HAT = "SKU-HAT-" + UUID.randomUUID().toString().substring(0, 6);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	OrderApi api;

	EventPublisher events = new EventPublisher(TestInfrastructure.get().kafkaAdminConfig());

	@BeforeEach
	void catalogue() {
		api = new OrderApi(port);
		events.publish(new ProductUpdated(MUG, "Red mug", new BigDecimal("9.90"), "EUR"));
		events.publish(new ProductUpdated(TEA, "Tea", new BigDecimal("24.50"), "EUR"));
		events.publish(new ProductUpdated(DOLLAR_HAT, "Hat", new BigDecimal("15.00"), "USD"));
		await().until(() -> jdbc.queryForObject("SELECT count(*) FROM catalog_product WHERE sku IN (?, ?, ?)",
				Integer.class, MUG, TEA, DOLLAR_HAT) == 3);
	}

	@AfterEach
	void close() {
		events.close();
	}

	@Test
	void placedOrderIsPricedFromTheCatalogueAndAnnounced() {
		UUID customer = api.customerId();
		HttpResponse<String> placed = api.place(
				"[{\"sku\":\"" + MUG + "\",\"quantity\":2},{\"sku\":\"" + TEA + "\",\"quantity\":1}]");

		assertThat(placed.statusCode()).isEqualTo(202);
		UUID orderId = OrderApi.orderId(placed);
		assertThat(placed.body()).contains("\"orderId\":\"" + orderId + "\"", "\"status\":\"PENDING\"");
		assertThat(api.get("/api/orders/" + orderId).body()).contains("\"total\":44.3", "\"lineTotal\":19.8",
				"\"eventType\":\"OrderPlaced\"");
		assertThat(outbox(orderId)).containsExactly("OrderPlaced");
		assertThat(jdbc.queryForObject("SELECT envelope FROM outbox_event WHERE aggregate_id = ?", String.class,
				orderId.toString())).contains("\"schemaVersion\":2", "\"total\":\"44.3");
	}

	@Test
	void placedOrderCarriesTheCallersCorrelationIdIntoItsEvent() {
		String correlationId = "checkout-" + UUID.randomUUID();
		String order = "{\"currency\":\"EUR\",\"lines\":[{\"sku\":\"" + MUG
				+ "\",\"quantity\":1}]}";
		HttpResponse<String> placed = api.http()
			.post("/api/orders", order, Map.of("X-Correlation-Id", correlationId));

		assertThat(placed.statusCode()).isEqualTo(202);
		assertThat(placed.headers().firstValue("X-Correlation-Id")).hasValue(correlationId);
		assertThat(jdbc.queryForObject("SELECT envelope FROM outbox_event WHERE aggregate_id = ?", String.class,
				OrderApi.orderId(placed).toString())).contains("\"correlationId\":\"" + correlationId + "\"");
	}

	@Test
	void paidAndReservedOrderIsConfirmedAndShowsItsSteps() {
		UUID orderId = place();
		events.publish(paid(orderId));
		events.publish(reserved(orderId));

		await().until(() -> status(orderId).equals("CONFIRMED"));
		assertThat(outbox(orderId)).containsExactly("OrderPlaced", "OrderConfirmed");
		assertThat(api.get("/api/orders/" + orderId).body()).contains("\"eventType\":\"PaymentCompleted\"",
				"\"eventType\":\"InventoryReserved\"", "\"eventType\":\"OrderConfirmed\"");
	}

	@Test
	void declinedPaymentCancelsTheOrder() {
		UUID orderId = place();
		events.publish(new PaymentFailed(orderId, UUID.randomUUID(), BigDecimal.TEN, "EUR",
				PaymentFailureReason.INSUFFICIENT_FUNDS));

		await().until(() -> status(orderId).equals("CANCELLED"));
		assertThat(api.get("/api/orders/" + orderId).body()).contains("\"reason\":\"PAYMENT_DECLINED\"");
		assertThat(outbox(orderId)).containsExactly("OrderPlaced", "OrderCancelled");
	}

	@Test
	void failedReservationCancelsThePaidOrderOnceEvenWhenDeliveredTwice() {
		UUID orderId = place();
		events.publish(paid(orderId));
		EventEnvelope failed = events.publish(new InventoryReservationFailed(orderId, List.of(new Shortage(MUG, 1, 0))));
		events.publish(failed);

		await().until(() -> status(orderId).equals("CANCELLED"));
		UUID marker = place();
		events.publish(paid(marker));
		await().until(() -> status(marker).equals("PAID"));
		assertThat(api.get("/api/orders/" + orderId).body()).contains("\"status\":\"CANCELLED\"",
				"\"reason\":\"OUT_OF_STOCK\"");
		assertThat(jdbc.queryForObject("SELECT cancel_reason FROM customer_order WHERE order_id = ?", String.class,
				orderId)).isEqualTo("OUT_OF_STOCK");
		assertThat(outbox(orderId)).containsExactly("OrderPlaced", "OrderCancelled");
	}

	@Test
	void customerCancelsAnOpenOrderButNotAConfirmedOne() {
		UUID open = place();
		HttpResponse<String> cancelled = api.post("/api/orders/" + open + "/cancel", "", null);
		HttpResponse<String> again = api.post("/api/orders/" + open + "/cancel", "", null);
		assertThat(cancelled.statusCode()).isEqualTo(200);
		assertThat(cancelled.body()).contains("\"status\":\"CANCELLED\"", "\"reason\":\"CUSTOMER_REQUEST\"");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(outbox(open)).containsExactly("OrderPlaced", "OrderCancelled");

		UUID confirmed = place();
		events.publish(paid(confirmed));
		events.publish(reserved(confirmed));
		await().until(() -> status(confirmed).equals("CONFIRMED"));
		HttpResponse<String> refused = api.post("/api/orders/" + confirmed + "/cancel", "", null);
		assertThat(refused.statusCode()).isEqualTo(409);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void retriedPostWithTheSameIdempotencyKeyReturnsTheSameOrder() {
		UUID customer = api.customerId();
		String body = "{\"currency\":\"EUR\",\"lines\":[{\"sku\":\"" + MUG
				+ "\",\"quantity\":1}]}";
		String key = "checkout-" + UUID.randomUUID();
		HttpResponse<String> first = api.post("/api/orders", body, key);
		HttpResponse<String> retry = api.post("/api/orders", body, key);
		HttpResponse<String> other = api.post("/api/orders", body.replace("\"quantity\":1", "\"quantity\":2"), key);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(retry.statusCode()).isEqualTo(202);
		assertThat(OrderApi.orderId(retry)).isEqualTo(OrderApi.orderId(first));
		assertThat(other.statusCode()).isEqualTo(422);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM customer_order WHERE customer_id = ?", Integer.class,
				customer)).isEqualTo(1);
	}

	@Test
	void invalidOrdersAreRejectedBeforeAnythingIsStored() {
		UUID customer = api.customerId();
		HttpResponse<String> empty = api.place("[]");
		HttpResponse<String> zero = api.place("[{\"sku\":\"" + MUG + "\",\"quantity\":0}]");
		HttpResponse<String> twice = api.place(
				"[{\"sku\":\"" + MUG + "\",\"quantity\":1},{\"sku\":\"" + MUG + "\",\"quantity\":1}]");
		HttpResponse<String> unknown = api.place("[{\"sku\":\"NO-SUCH-SKU\",\"quantity\":1}]");
		HttpResponse<String> dollars = api.place("[{\"sku\":\"" + DOLLAR_HAT + "\",\"quantity\":1}]");
		HttpResponse<String> malformed = api.post("/api/orders", "{\"customerId\":", null);

		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(empty.body()).contains("\"field\":\"lines\"");
		assertThat(zero.statusCode()).isEqualTo(400);
		assertThat(zero.body()).contains("\"field\":\"lines[0].quantity\"");
		assertThat(twice.statusCode()).isEqualTo(400);
		assertThat(unknown.statusCode()).isEqualTo(422);
		assertThat(unknown.body()).contains("NO-SUCH-SKU");
		assertThat(dollars.statusCode()).isEqualTo(422);
		assertThat(dollars.body()).contains("USD");
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(api.get("/api/orders/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM customer_order WHERE customer_id = ?", Integer.class,
				customer)).isZero();
	}

	@Test
	void aBodyLargerThanTheLimitIsRefusedWith413WhetherItsLengthIsAnnouncedOrNot() throws Exception {
		UUID customer = api.customerId();
		String lines = java.util.stream.IntStream.range(0, 2_000)
			.mapToObj(i -> "{\"sku\":\"" + MUG + "\",\"quantity\":1}")
			.collect(java.util.stream.Collectors.joining(",", "[", "]"));
		String body = "{\"lines\":" + lines + "}";
		assertThat(body.length()).isGreaterThan(64 * 1024);

		HttpResponse<String> announced = api.post("/api/orders", body, null);
		HttpResponse<String> chunked = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/orders"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + api.token())
				.POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
						() -> new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
				.build(), HttpResponse.BodyHandlers.ofString());

		for (HttpResponse<String> refused : List.of(announced, chunked)) {
			assertThat(refused.statusCode()).isEqualTo(413);
			assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
					type -> assertThat(type).startsWith("application/problem+json"));
			assertThat(refused.body()).contains("larger than 65536 bytes");
		}
		assertThat(chunked.request().headers().firstValue("Content-Length")).isEmpty();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM customer_order WHERE customer_id = ?", Integer.class,
				customer)).isZero();
	}

	@Test
	void ordersAreListedByCustomerAndStatusPageByPage() {
		UUID customer = api.customerId();
		for (int i = 0; i < 3; i++) {
			api.place("[{\"sku\":\"" + MUG + "\",\"quantity\":1}]");
		}
		UUID cancelled = OrderApi.orderId(api.place("[{\"sku\":\"" + TEA + "\",\"quantity\":1}]"));
		api.post("/api/orders/" + cancelled + "/cancel", "", null);

		assertThat(api.get("/api/orders?customerId=" + customer + "&size=2").body()).contains("\"totalElements\":4",
				"\"totalPages\":2");
		assertThat(api.get("/api/orders?customerId=" + customer + "&status=CANCELLED").body())
			.contains("\"totalElements\":1", cancelled.toString());
		assertThat(api.get("/api/orders?status=LOST").statusCode()).isEqualTo(400);
		assertThat(api.get("/api/orders?size=1000").statusCode()).isEqualTo(400);
	}

	@Test
	void orderIsPlacedForTheCustomerOfTheTokenNeverForTheOneTheBodyNames() {
		OrderApi other = api.anotherCustomer();
		String lines = "[{\"sku\":\"" + MUG + "\",\"quantity\":1}]";

		HttpResponse<String> forged = api.post("/api/orders",
				"{\"customerId\":\"" + other.customerId() + "\",\"currency\":\"EUR\",\"lines\":" + lines + "}", null);
		HttpResponse<String> named = api.post("/api/orders",
				"{\"customerId\":\"" + api.customerId() + "\",\"currency\":\"EUR\",\"lines\":" + lines + "}", null);
		HttpResponse<String> unnamed = api.place(lines);

		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(forged.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(named.statusCode()).isEqualTo(202);
		assertThat(unnamed.statusCode()).isEqualTo(202);
		assertThat(jdbc.queryForList("SELECT DISTINCT customer_id FROM customer_order WHERE order_id IN (?, ?)",
				UUID.class, OrderApi.orderId(named), OrderApi.orderId(unnamed))).containsExactly(api.customerId());
		assertThat(jdbc.queryForObject("SELECT count(*) FROM customer_order WHERE customer_id = ?", Integer.class,
				other.customerId())).isZero();
	}

	@Test
	void customersSeeAndCancelOnlyTheirOwnOrdersAndStrangersAreToldTheyDoNotExist() {
		UUID mine = place();
		OrderApi stranger = api.anotherCustomer();
		UUID theirs = OrderApi.orderId(stranger.place("[{\"sku\":\"" + MUG + "\",\"quantity\":1}]"));
		ServiceClient staff = ServiceClient.onPort(port).as(TestInfrastructure.get().auth().staff());
		ServiceClient operator = ServiceClient.onPort(port).as(TestInfrastructure.get().auth().operator());

		UUID unknown = UUID.randomUUID();
		HttpResponse<String> peek = stranger.get("/api/orders/" + mine);
		assertThat(peek.statusCode()).isEqualTo(404);
		assertThat(peek.body().replace(mine.toString(), "ID"))
			.isEqualTo(stranger.get("/api/orders/" + unknown).body().replace(unknown.toString(), "ID"));
		assertThat(stranger.post("/api/orders/" + mine + "/cancel", "", null).statusCode()).isEqualTo(404);
		assertThat(stranger.get("/api/orders?customerId=" + api.customerId()).body()).contains("\"totalElements\":0");
		assertThat(stranger.get("/api/orders").body()).contains(theirs.toString()).doesNotContain(mine.toString());
		assertThat(status(mine)).isEqualTo("PENDING");

		assertThat(staff.get("/api/orders/" + mine).statusCode()).isEqualTo(200);
		assertThat(operator.get("/api/orders?customerId=" + api.customerId()).body()).contains(mine.toString());
		assertThat(operator.post("/api/orders/" + mine + "/cancel", "").statusCode()).isEqualTo(403);
		assertThat(staff.post("/api/orders", "{\"currency\":\"EUR\",\"lines\":[{\"sku\":\"" + MUG
				+ "\",\"quantity\":1}]}").statusCode()).isEqualTo(403);
		assertThat(staff.post("/api/orders/" + theirs + "/cancel", "").statusCode()).isEqualTo(200);
	}

	@Test
	void requestsWithoutAValidTokenAreRefusedWith401AsAProblem() {
		UUID mine = place();
		ServiceClient anonymous = ServiceClient.onPort(port);
		ServiceClient forged = ServiceClient.onPort(port)
			.as(new dev.ordersaga.authclient.AccessToken(api.token().substring(0, api.token().length() - 4) + "AAAA",
					java.time.Instant.MAX));

		for (HttpResponse<String> refused : List.of(anonymous.get("/api/orders/" + mine),
				anonymous.post("/api/orders", "{}"), forged.get("/api/orders/" + mine))) {
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					value -> assertThat(value).startsWith("Bearer"));
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(anonymous.get("/readyz").statusCode()).isEqualTo(200);
		assertThat(anonymous.get("/actuator/prometheus").statusCode()).isEqualTo(401);
		assertThat(api.get("/actuator/prometheus").statusCode()).isEqualTo(403);
		assertThat(api.get("/admin/messaging/status").statusCode()).isEqualTo(403);
	}

	@Test
	void aCustomerPlacingOrdersTooFastIsRefusedWith429AndRetryAfterWhileOtherCustomersAreNot() {
		String lines = "[{\"sku\":\"" + MUG + "\",\"quantity\":1}]";
		HttpResponse<String> placed = api.place(lines);
		int accepted = 0;
		while (placed.statusCode() == 202 && accepted < 100) {
			accepted++;
			placed = api.place(lines);
		}

		assertThat(placed.statusCode()).isEqualTo(429);
		assertThat(accepted).as("the default burst of 30, and one more a second while they were placed").isBetween(30, 60);
		assertThat(placed.headers().firstValue("Retry-After")).hasValueSatisfying(
				seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 2L));
		assertThat(placed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(placed.body()).contains("Too many orders too fast");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM customer_order WHERE customer_id = ?", Integer.class,
				api.customerId())).isEqualTo(accepted);
		assertThat(api.anotherCustomer().place(lines).statusCode()).isEqualTo(202);
	}

	@Test
	void anIdempotencyKeyBelongsToTheCustomerWhoSentIt() {
		OrderApi other = api.anotherCustomer();
		String body = "{\"currency\":\"EUR\",\"lines\":[{\"sku\":\"" + MUG + "\",\"quantity\":1}]}";
		String key = "checkout-" + UUID.randomUUID();

		HttpResponse<String> mine = api.post("/api/orders", body, key);
		HttpResponse<String> theirs = other.post("/api/orders", body, key);

		assertThat(mine.statusCode()).isEqualTo(202);
		assertThat(theirs.statusCode()).isEqualTo(202);
		assertThat(OrderApi.orderId(theirs)).isNotEqualTo(OrderApi.orderId(mine));
		assertThat(OrderApi.orderId(api.post("/api/orders", body, key))).isEqualTo(OrderApi.orderId(mine));
	}

	private UUID place() {
		HttpResponse<String> placed = api.place("[{\"sku\":\"" + MUG + "\",\"quantity\":1}]");
		assertThat(placed.statusCode()).isEqualTo(202);
		return OrderApi.orderId(placed);
	}

	private static PaymentCompleted paid(UUID orderId) {
		return new PaymentCompleted(orderId, UUID.randomUUID(), UUID.randomUUID(), new BigDecimal("9.90"), "EUR");
	}

	private static InventoryReserved reserved(UUID orderId) {
		return new InventoryReserved(orderId, List.of(new StockLine(MUG, 1)));
	}

	private String status(UUID orderId) {
		return jdbc.queryForObject("SELECT status FROM customer_order WHERE order_id = ?", String.class, orderId);
	}

	private List<String> outbox(UUID orderId) {
		return jdbc.queryForList("SELECT event_type FROM outbox_event WHERE aggregate_id = ? ORDER BY position",
				String.class, orderId.toString());
	}
}
