package dev.ordersaga.inventory;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.contracts.order.v1.CancellationReason;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.inventory.reservation.Reservations;
import dev.ordersaga.testsupport.AuthServerProcess;
import dev.ordersaga.testsupport.EventPublisher;
import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;
import dev.ordersaga.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * inventory-service on real Kafka and PostgreSQL, with real tokens of the real auth-server: staff
 * set the products, and the catalogue is read without a token, as the shop's visitors read it. The
 * reservation rules and their odd arrival orders are {@code StockOrderTest}'s; these prove the wiring,
 * the row creation and locks, and what reaches the outbox and Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@DirtiesContext
class InventoryIT {

	static final String LAMP = "{\"name\":\"Lamp\",\"unitPrice\":30,\"currency\":\"EUR\",\"available\":1}";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Reservations reservations;

	EventPublisher events = new EventPublisher(TestInfrastructure.get().kafkaAdminConfig());

	TopicReader kafka = new TopicReader(TestInfrastructure.get().kafkaAdminConfig());

	AuthServerProcess auth = TestInfrastructure.get().auth();

	@AfterEach
	void close() {
		events.close();
	}

	@Test
	void theCatalogueIsListedPageByPageEachProductOnce() throws Exception {
		String sku = sku();
		put("/api/products/" + sku, LAMP);
		tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();

		var single = json.readTree(get("/api/products?size=1").body());
		List<String> skus = new java.util.ArrayList<>();
		for (int page = 0; page * 5 < single.path("totalElements").asInt(); page += 1) {
			var found = json.readTree(get("/api/products?size=5&page=" + page).body());
			found.path("content").forEach(product -> skus.add(product.path("sku").asString()));
		}

		assertThat(single.path("content")).hasSize(1);
		assertThat(single.path("totalPages").asLong()).isEqualTo(single.path("totalElements").asLong());
		assertThat(skus).contains(sku).doesNotHaveDuplicates().hasSize(single.path("totalElements").asInt());
		assertThat(get("/api/products?size=201").statusCode()).isEqualTo(400);
		assertThat(get("/api/products?page=-1").statusCode()).isEqualTo(400);
	}

	@Test
	void productIsCreatedShownAndAnnouncedOnTheCatalogTopic() throws Exception {
		String sku = sku();
		HttpResponse<String> created = put("/api/products/" + sku,
				"{\"name\":\"Red mug\",\"unitPrice\":9.90,\"currency\":\"EUR\",\"available\":12}");
		HttpResponse<String> updated = put("/api/products/" + sku,
				"{\"name\":\"Red mug\",\"unitPrice\":10.50,\"currency\":\"EUR\",\"available\":20}");

		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(created.headers().firstValue("Location")).hasValue("/api/products/" + sku);
		assertThat(updated.statusCode()).isEqualTo(200);
		assertThat(get("/api/products/" + sku).body()).contains("\"unitPrice\":10.50", "\"available\":20",
				"\"reserved\":0");
		assertThat(get("/api/products?size=200").body()).contains("\"totalElements\":");
		await().untilAsserted(() -> assertThat(kafka.readAll(Topics.CATALOG.name()))
			.filteredOn(record -> sku.equals(record.key()))
			.extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
			.hasSize(2)
			.last()
			.asString()
			.contains("\"eventType\":\"ProductUpdated\"", "\"unitPrice\":\"10.50\""));
	}

	@Test
	void invalidProductIsRejectedWithProblemDetailsNamingEachField() throws Exception {
		HttpResponse<String> response = put("/api/products/" + sku(),
				"{\"name\":\"\",\"unitPrice\":-1,\"currency\":\"euro\",\"available\":-5}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"field\":\"name\"", "\"field\":\"unitPrice\"", "\"field\":\"currency\"",
				"\"field\":\"available\"");
		assertThat(put("/api/products/bad%20sku!", "{\"name\":\"x\",\"unitPrice\":1,\"currency\":\"EUR\",\"available\":1}")
			.statusCode()).isEqualTo(400);
		assertThat(put("/api/products/" + sku(), "{not json").statusCode()).isEqualTo(400);
		HttpResponse<String> missing = get("/api/products/NOPE-" + UUID.randomUUID());
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void anyoneReadsTheCatalogueWithOrWithoutAToken() throws Exception {
		String sku = product(3);
		ServiceClient anonymous = ServiceClient.onPort(port);
		ServiceClient customer = ServiceClient.onPort(port).as(auth.newCustomer().token());

		for (ServiceClient visitor : List.of(anonymous, customer)) {
			HttpResponse<String> product = visitor.get("/api/products/" + sku);
			assertThat(product.statusCode()).isEqualTo(200);
			assertThat(product.body()).contains("\"sku\":\"" + sku + "\"", "\"available\":3");
			assertThat(visitor.get("/api/products?size=1").statusCode()).isEqualTo(200);
			assertThat(visitor.get("/api/products/NOPE-" + UUID.randomUUID()).statusCode()).isEqualTo(404);
		}
	}

	@Test
	void settingAProductWithoutAValidTokenIsRefusedWith401AsAProblem() {
		String sku = sku();
		String token = auth.staff().value();
		ServiceClient forged = ServiceClient.onPort(port)
			.as(new AccessToken(token.substring(0, token.length() - 4) + "AAAA", Instant.MAX));

		for (HttpResponse<String> refused : List.of(ServiceClient.onPort(port).put("/api/products/" + sku, LAMP),
				forged.put("/api/products/" + sku, LAMP))) {
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(get("/api/products/" + sku).statusCode()).isEqualTo(404);
	}

	@Test
	void onlyStaffSetProductsNeitherCustomersNorOperators() throws Exception {
		String sku = product(5);
		String unknown = sku();
		ServiceClient customer = ServiceClient.onPort(port).as(auth.newCustomer().token());
		ServiceClient operator = ServiceClient.onPort(port).as(auth.operator());
		String cheaper = "{\"name\":\"Bargain\",\"unitPrice\":0.01,\"currency\":\"EUR\",\"available\":999}";

		for (HttpResponse<String> refused : List.of(customer.put("/api/products/" + sku, cheaper),
				customer.put("/api/products/" + unknown, cheaper), operator.put("/api/products/" + sku, cheaper))) {
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}

		assertThat(get("/api/products/" + sku).body()).contains("\"unitPrice\":2.50", "\"available\":5");
		assertThat(get("/api/products/" + unknown).statusCode()).isEqualTo(404);
		assertThat(put("/api/products/" + sku, cheaper).statusCode()).isEqualTo(200);
	}

	@Test
	void placedAndPaidOrderIsReservedOnceEvenWhenEventsArriveTwice() throws Exception {
		String sku = product(10);
		UUID orderId = UUID.randomUUID();
		EventEnvelope placed = events.publish(orderPlaced(orderId, sku, 3));
		EventEnvelope paid = events.publish(paid(orderId));
		events.publish(placed);
		events.publish(paid);

		await().until(() -> inventoryEvents(orderId).contains("InventoryReserved"));
		UUID marker = markerOrder(sku);
		await().until(() -> status(marker).equals("RESERVED"));
		assertThat(stock(sku)).containsExactly(6, 4);
		assertThat(inventoryEvents(orderId)).containsExactly("InventoryReserved");
	}

	@Test
	void paymentThatArrivesBeforeTheOrderIsReservedWhenTheOrderArrives() throws Exception {
		String sku = product(5);
		UUID orderId = UUID.randomUUID();
		events.publish(paid(orderId));
		await().until(() -> status(orderId).equals("AWAITING"));
		events.publish(orderPlaced(orderId, sku, 2));

		await().until(() -> status(orderId).equals("RESERVED"));
		assertThat(stock(sku)).containsExactly(3, 2);
	}

	@Test
	void orderWithOneShortLineReservesNothing() throws Exception {
		String plenty = product(10);
		String scarce = product(1);
		UUID orderId = UUID.randomUUID();
		events.publish(new OrderPlaced(orderId, UUID.randomUUID(), List.of(new OrderLine(plenty, 2, BigDecimal.ONE),
				new OrderLine(scarce, 2, BigDecimal.ONE)), new BigDecimal("4"), "EUR", null));
		events.publish(paid(orderId));

		await().until(() -> inventoryEvents(orderId).contains("InventoryReservationFailed"));
		assertThat(status(orderId)).isEqualTo("REJECTED");
		assertThat(stock(plenty)).containsExactly(10, 0);
		assertThat(stock(scarce)).containsExactly(1, 0);
		assertThat(inventoryRecords(orderId).get(0)).contains("\"sku\":\"" + scarce + "\"", "\"requested\":2",
				"\"available\":1");
	}

	@Test
	void cancellingAReservedOrderReleasesItsStock() throws Exception {
		String sku = product(5);
		UUID orderId = UUID.randomUUID();
		events.publish(orderPlaced(orderId, sku, 2));
		events.publish(paid(orderId));
		await().until(() -> status(orderId).equals("RESERVED"));
		EventEnvelope cancel = events.publish(cancelled(orderId, CancellationReason.TIMEOUT));
		events.publish(cancel);

		await().until(() -> status(orderId).equals("RELEASED"));
		assertThat(stock(sku)).containsExactly(5, 0);
		await().until(() -> inventoryEvents(orderId).equals(List.of("InventoryReserved", "InventoryReleased")));
	}

	@Test
	void lastUnitsAreSoldOnlyOnceUnderConcurrentOrders() throws Exception {
		String sku = product(5);
		int buyers = 24;
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> purchases = new ArrayList<>();
			for (int i = 0; i < buyers; i++) {
				UUID orderId = UUID.randomUUID();
				purchases.add(threads.submit(() -> {
					reservations.orderPlaced(orderId, List.of(new StockLine(sku, 1)));
					reservations.paymentCompleted(orderId);
				}));
			}
			for (Future<?> purchase : purchases) {
				purchase.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(stock(sku)).containsExactly(0, 5);
		assertThat(jdbc.queryForObject("""
				SELECT count(*) FROM stock_order o JOIN stock_order_line l USING (order_id)
				WHERE l.sku = ? AND o.status = 'RESERVED'
				""", Integer.class, sku)).isEqualTo(5);
		assertThat(jdbc.queryForObject("""
				SELECT count(*) FROM stock_order o JOIN stock_order_line l USING (order_id)
				WHERE l.sku = ? AND o.status = 'REJECTED'
				""", Integer.class, sku)).isEqualTo(buyers - 5);
	}

	private UUID markerOrder(String sku) {
		UUID marker = UUID.randomUUID();
		events.publish(orderPlaced(marker, sku, 1));
		events.publish(paid(marker));
		return marker;
	}

	private String product(int available) throws Exception {
		String sku = sku();
		assertThat(put("/api/products/" + sku, "{\"name\":\"Product " + sku + "\",\"unitPrice\":2.50,\"currency\":\"EUR\","
				+ "\"available\":" + available + "}").statusCode()).isEqualTo(201);
		return sku;
	}

	private static String sku() {
		return "SKU-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static OrderPlaced orderPlaced(UUID orderId, String sku, int quantity) {
		return new OrderPlaced(orderId, UUID.randomUUID(), List.of(new OrderLine(sku, quantity, new BigDecimal("2.50"))),
				new BigDecimal("2.50").multiply(BigDecimal.valueOf(quantity)), "EUR", null);
	}

	private static PaymentCompleted paid(UUID orderId) {
		return new PaymentCompleted(orderId, UUID.randomUUID(), UUID.randomUUID(), BigDecimal.TEN, "EUR");
	}

	private static OrderCancelled cancelled(UUID orderId, CancellationReason reason) {
		return new OrderCancelled(orderId, UUID.randomUUID(), reason, BigDecimal.TEN, "EUR");
	}

	private String status(UUID orderId) {
		List<String> status = jdbc.queryForList("SELECT status FROM stock_order WHERE order_id = ?", String.class,
				orderId);
		return status.isEmpty() ? "UNKNOWN" : status.get(0);
	}

	private List<Integer> stock(String sku) {
		return jdbc.queryForObject("SELECT available, reserved FROM product WHERE sku = ?",
				(rs, row) -> List.of(rs.getInt("available"), rs.getInt("reserved")), sku);
	}

	private List<String> inventoryEvents(UUID orderId) {
		return jdbc.queryForList("SELECT event_type FROM outbox_event WHERE aggregate_id = ? ORDER BY position",
				String.class, orderId.toString());
	}

	private List<String> inventoryRecords(UUID orderId) {
		return kafka.readAll(Topics.INVENTORY.name())
			.stream()
			.filter(record -> orderId.toString().equals(record.key()))
			.map(ConsumerRecord::value)
			.map(value -> new String(value, StandardCharsets.UTF_8))
			.toList();
	}

	/** Sets a product as staff, who alone may. */
	private HttpResponse<String> put(String path, String json) {
		return ServiceClient.onPort(port).as(auth.staff()).put(path, json);
	}

	/** Reads the catalogue as a visitor of the shop: without a token. */
	private HttpResponse<String> get(String path) {
		return ServiceClient.onPort(port).get(path);
	}
}
