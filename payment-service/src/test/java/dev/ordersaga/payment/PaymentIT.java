package dev.ordersaga.payment;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.Shortage;
import dev.ordersaga.contracts.order.v1.CancellationReason;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.payment.payment.PaymentProcessing;
import dev.ordersaga.testsupport.EventPublisher;
import dev.ordersaga.testsupport.HttpTestClient;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@DirtiesContext
class PaymentIT {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PaymentProcessing processing;

	EventPublisher events = new EventPublisher(TestInfrastructure.get().kafkaBootstrapServers());

	@AfterEach
	void close() {
		events.close();
	}

	@Test
	void accountIsOpenedToppedUpAndShownWithItsLedger() throws Exception {
		UUID customer = UUID.randomUUID();
		HttpResponse<String> opened = put("/api/accounts/" + customer, "{\"currency\":\"EUR\",\"balance\":100.00}");
		HttpResponse<String> again = put("/api/accounts/" + customer, "{\"currency\":\"EUR\",\"balance\":100.00}");
		HttpResponse<String> deposited = post("/api/accounts/" + customer + "/deposits", "{\"amount\":25.50}");

		assertThat(opened.statusCode()).isEqualTo(201);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(deposited.statusCode()).isEqualTo(200);
		assertThat(get("/api/accounts/" + customer).body()).contains("\"balance\":125.5", "\"kind\":\"OPENING\"",
				"\"kind\":\"DEPOSIT\"");
		assertThat(put("/api/accounts/" + customer, "{\"currency\":\"USD\",\"balance\":1}").statusCode())
			.isEqualTo(409);
	}

	@Test
	void anAccountShowsItsLatestTwentyMovementsAndItsWholeLedgerPageByPage() throws Exception {
		UUID customer = UUID.randomUUID();
		put("/api/accounts/" + customer, "{\"currency\":\"EUR\",\"balance\":1.00}");
		for (int i = 1; i <= 24; i++) {
			assertThat(post("/api/accounts/" + customer + "/deposits", "{\"amount\":" + i + "}").statusCode()).isEqualTo(200);
		}
		tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();

		var account = json.readTree(get("/api/accounts/" + customer).body());
		var lastPage = json.readTree(get("/api/accounts/" + customer + "/ledger?size=10&page=2").body());
		var firstPage = json.readTree(get("/api/accounts/" + customer + "/ledger?size=10").body());

		assertThat(account.path("ledgerEntries").asLong()).isEqualTo(25);
		assertThat(account.path("ledger")).hasSize(20);
		assertThat(account.path("ledger").get(19).path("amount").decimalValue()).isEqualByComparingTo("24");
		assertThat(account.path("ledger").get(0).path("amount").decimalValue()).isEqualByComparingTo("5");
		assertThat(firstPage.path("content").get(0).path("kind").asString()).isEqualTo("OPENING");
		assertThat(firstPage.path("totalElements").asLong()).isEqualTo(25);
		assertThat(firstPage.path("totalPages").asInt()).isEqualTo(3);
		assertThat(lastPage.path("content")).hasSize(5);
		assertThat(get("/api/accounts/" + customer + "/ledger?size=201").statusCode()).isEqualTo(400);
		assertThat(get("/api/accounts/" + UUID.randomUUID() + "/ledger").statusCode()).isEqualTo(404);
	}

	@Test
	void invalidRequestsAreRejectedWithProblemDetails() throws Exception {
		HttpResponse<String> invalid = put("/api/accounts/" + UUID.randomUUID(), "{\"currency\":\"eur\",\"balance\":-1}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(invalid.body()).contains("\"field\":\"currency\"", "\"field\":\"balance\"");
		assertThat(put("/api/accounts/not-a-uuid", "{\"currency\":\"EUR\",\"balance\":1}").statusCode()).isEqualTo(400);
		assertThat(post("/api/accounts/" + UUID.randomUUID() + "/deposits", "{\"amount\":0}").statusCode())
			.isEqualTo(400);
		assertThat(post("/api/accounts/" + UUID.randomUUID() + "/deposits", "{\"amount\":5}").statusCode())
			.isEqualTo(404);
		assertThat(get("/api/payments?orderId=nope").statusCode()).isEqualTo(400);
	}

	@Test
	void placedOrderIsChargedOnceEvenWhenDeliveredTwice() throws Exception {
		UUID customer = account("50.00");
		UUID orderId = UUID.randomUUID();
		EventEnvelope placed = events.publish(orderPlaced(orderId, customer, "30.00"));
		events.publish(placed);

		await().until(() -> outbox(orderId).contains("PaymentCompleted"));
		UUID marker = UUID.randomUUID();
		events.publish(orderPlaced(marker, customer, "1.00"));
		await().until(() -> outbox(marker).contains("PaymentCompleted"));
		assertThat(balance(customer)).isEqualByComparingTo("19.00");
		assertThat(outbox(orderId)).containsExactly("PaymentCompleted");
		assertThat(get("/api/payments?orderId=" + orderId).body()).contains("\"status\":\"CHARGED\"",
				"\"charged\":30", "\"refunded\":0");
	}

	@Test
	void orderBeyondTheBalanceIsDeclinedAndNothingIsTaken() throws Exception {
		UUID customer = account("10.00");
		UUID orderId = UUID.randomUUID();
		events.publish(orderPlaced(orderId, customer, "10.01"));

		await().until(() -> outbox(orderId).contains("PaymentFailed"));
		assertThat(balance(customer)).isEqualByComparingTo("10.00");
		assertThat(get("/api/payments?orderId=" + orderId).body()).contains("\"status\":\"DECLINED\"",
				"\"failureReason\":\"INSUFFICIENT_FUNDS\"");
	}

	@Test
	void orderOfACustomerWithoutAnAccountIsDeclined() {
		UUID orderId = UUID.randomUUID();
		events.publish(orderPlaced(orderId, UUID.randomUUID(), "5.00"));

		await().until(() -> outbox(orderId).contains("PaymentFailed"));
		assertThat(jdbc.queryForObject("SELECT failure_reason FROM payment WHERE order_id = ?", String.class, orderId))
			.isEqualTo("NO_ACCOUNT");
	}

	@Test
	void failedReservationRefundsOnceAndTheFollowingCancellationRefundsNothingMore() {
		UUID customer = account("40.00");
		UUID orderId = UUID.randomUUID();
		events.publish(orderPlaced(orderId, customer, "15.00"));
		await().until(() -> outbox(orderId).contains("PaymentCompleted"));

		EventEnvelope failed = events
			.publish(new InventoryReservationFailed(orderId, List.of(new Shortage("SKU-1", 1, 0))));
		events.publish(failed);
		events.publish(new OrderCancelled(orderId, customer, CancellationReason.OUT_OF_STOCK, new BigDecimal("15.00"), "EUR"));

		await().until(() -> outbox(orderId).contains("PaymentRefunded"));
		UUID marker = UUID.randomUUID();
		events.publish(orderPlaced(marker, customer, "1.00"));
		await().until(() -> outbox(marker).contains("PaymentCompleted"));
		assertThat(outbox(orderId)).containsExactly("PaymentCompleted", "PaymentRefunded");
		assertThat(balance(customer)).isEqualByComparingTo("39.00");
	}

	@Test
	void cancelledOrderIsRefunded() {
		UUID customer = account("40.00");
		UUID orderId = UUID.randomUUID();
		events.publish(orderPlaced(orderId, customer, "15.00"));
		events.publish(new OrderCancelled(orderId, customer, CancellationReason.CUSTOMER_REQUEST, new BigDecimal("15.00"), "EUR"));

		await().until(() -> outbox(orderId).contains("PaymentRefunded"));
		assertThat(balance(customer)).isEqualByComparingTo("40.00");
		assertThat(jdbc.queryForObject("SELECT refund_reason FROM payment WHERE order_id = ?", String.class, orderId))
			.isEqualTo("ORDER_CANCELLED");
	}

	@Test
	void concurrentChargesNeverTakeTheBalanceBelowZero() throws Exception {
		UUID customer = account("100.00");
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> charges = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				UUID orderId = UUID.randomUUID();
				charges.add(threads.submit(() -> processing.charge(orderId, customer, new BigDecimal("7.00"), "EUR")));
			}
			for (Future<?> charge : charges) {
				charge.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(balance(customer)).isEqualByComparingTo("2.00");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM payment WHERE customer_id = ? AND status = 'CHARGED'",
				Integer.class, customer)).isEqualTo(14);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM payment WHERE customer_id = ? AND status = 'DECLINED'",
				Integer.class, customer)).isEqualTo(16);
	}

	private UUID account(String balance) {
		UUID customer = UUID.randomUUID();
		assertThat(put("/api/accounts/" + customer, "{\"currency\":\"EUR\",\"balance\":" + balance + "}").statusCode())
			.isEqualTo(201);
		return customer;
	}

	private static OrderPlaced orderPlaced(UUID orderId, UUID customer, String total) {
		return new OrderPlaced(orderId, customer, List.of(new OrderLine("SKU-1", 1, new BigDecimal(total))),
				new BigDecimal(total), "EUR", null);
	}

	private BigDecimal balance(UUID customer) {
		return jdbc.queryForObject("SELECT balance FROM account WHERE customer_id = ?", BigDecimal.class, customer);
	}

	private List<String> outbox(UUID orderId) {
		return jdbc.queryForList("SELECT event_type FROM outbox_event WHERE aggregate_id = ? ORDER BY position",
				String.class, orderId.toString());
	}

	private HttpResponse<String> put(String path, String json) {
		return HttpTestClient.onPort(port).put(path, json);
	}

	private HttpResponse<String> post(String path, String json) {
		return HttpTestClient.onPort(port).post(path, json);
	}

	private HttpResponse<String> get(String path) {
		return HttpTestClient.onPort(port).get(path);
	}
}
