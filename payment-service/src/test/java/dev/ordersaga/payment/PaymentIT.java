package dev.ordersaga.payment;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.Shortage;
import dev.ordersaga.contracts.order.v1.CancellationReason;
import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.order.v2.OrderPlaced;
import dev.ordersaga.payment.payment.PaymentProcessing;
import dev.ordersaga.testsupport.AuthServerProcess;
import dev.ordersaga.testsupport.AuthServerProcess.TestCustomer;
import dev.ordersaga.testsupport.EventPublisher;
import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * payment-service on real PostgreSQL, Kafka and auth-server: every request carries a real token,
 * staff's to set accounts up, a customer's to read their own. The charge and refund rules themselves
 * are {@code PaymentTest}'s and {@code AccountTest}'s; these prove the wiring, the locks and the SQL.
 */
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

	EventPublisher events = new EventPublisher(TestInfrastructure.get().kafkaAdminConfig());

	AuthServerProcess auth = TestInfrastructure.get().auth();

	ServiceClient staff;

	ServiceClient operator;

	@BeforeEach
	void clients() {
		staff = ServiceClient.onPort(port).as(auth.staff());
		operator = ServiceClient.onPort(port).as(auth.operator());
	}

	@AfterEach
	void close() {
		events.close();
	}

	@Test
	void accountIsOpenedToppedUpAndShownWithItsLedger() throws Exception {
		TestCustomer customer = auth.newCustomer();
		UUID id = customer.id();
		HttpResponse<String> opened = staff.put("/api/accounts/" + id, "{\"currency\":\"EUR\",\"balance\":100.00}");
		HttpResponse<String> again = staff.put("/api/accounts/" + id, "{\"currency\":\"EUR\",\"balance\":100.00}");
		HttpResponse<String> deposited = staff.post("/api/accounts/" + id + "/deposits", "{\"amount\":25.50}");

		assertThat(opened.statusCode()).isEqualTo(201);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(deposited.statusCode()).isEqualTo(200);
		HttpResponse<String> own = as(customer).get("/api/accounts/" + id);
		assertThat(own.statusCode()).isEqualTo(200);
		assertThat(own.body()).contains("\"balance\":125.5", "\"kind\":\"OPENING\"", "\"kind\":\"DEPOSIT\"");
		assertThat(as(customer).get("/api/accounts/" + id + "/ledger").body()).contains("\"totalElements\":2");
		assertThat(staff.put("/api/accounts/" + id, "{\"currency\":\"USD\",\"balance\":1}").statusCode())
			.isEqualTo(409);
	}

	@Test
	void anAccountShowsItsLatestTwentyMovementsAndItsWholeLedgerPageByPage() throws Exception {
		UUID customer = UUID.randomUUID();
		staff.put("/api/accounts/" + customer, "{\"currency\":\"EUR\",\"balance\":1.00}");
		for (int i = 1; i <= 24; i++) {
			assertThat(staff.post("/api/accounts/" + customer + "/deposits", "{\"amount\":" + i + "}").statusCode())
				.isEqualTo(200);
		}
		tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();

		var account = json.readTree(staff.get("/api/accounts/" + customer).body());
		var lastPage = json.readTree(staff.get("/api/accounts/" + customer + "/ledger?size=10&page=2").body());
		var firstPage = json.readTree(staff.get("/api/accounts/" + customer + "/ledger?size=10").body());

		assertThat(account.path("ledgerEntries").asLong()).isEqualTo(25);
		assertThat(account.path("ledger")).hasSize(20);
		assertThat(account.path("ledger").get(19).path("amount").decimalValue()).isEqualByComparingTo("24");
		assertThat(account.path("ledger").get(0).path("amount").decimalValue()).isEqualByComparingTo("5");
		assertThat(firstPage.path("content").get(0).path("kind").asString()).isEqualTo("OPENING");
		assertThat(firstPage.path("totalElements").asLong()).isEqualTo(25);
		assertThat(firstPage.path("totalPages").asInt()).isEqualTo(3);
		assertThat(lastPage.path("content")).hasSize(5);
		assertThat(staff.get("/api/accounts/" + customer + "/ledger?size=201").statusCode()).isEqualTo(400);
		assertThat(staff.get("/api/accounts/" + UUID.randomUUID() + "/ledger").statusCode()).isEqualTo(404);
	}

	@Test
	void invalidRequestsAreRejectedWithProblemDetails() throws Exception {
		HttpResponse<String> invalid = staff.put("/api/accounts/" + UUID.randomUUID(),
				"{\"currency\":\"eur\",\"balance\":-1}");
		assertThat(invalid.statusCode()).isEqualTo(400);
		assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(invalid.body()).contains("\"field\":\"currency\"", "\"field\":\"balance\"");
		assertThat(staff.put("/api/accounts/not-a-uuid", "{\"currency\":\"EUR\",\"balance\":1}").statusCode())
			.isEqualTo(400);
		assertThat(staff.post("/api/accounts/" + UUID.randomUUID() + "/deposits", "{\"amount\":0}").statusCode())
			.isEqualTo(400);
		assertThat(staff.post("/api/accounts/" + UUID.randomUUID() + "/deposits", "{\"amount\":5}").statusCode())
			.isEqualTo(404);
		assertThat(staff.get("/api/payments?orderId=nope").statusCode()).isEqualTo(400);
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
		assertThat(staff.get("/api/payments?orderId=" + orderId).body()).contains("\"status\":\"CHARGED\"",
				"\"charged\":30", "\"refunded\":0");
	}

	@Test
	void orderBeyondTheBalanceIsDeclinedAndNothingIsTaken() throws Exception {
		UUID customer = account("10.00");
		UUID orderId = UUID.randomUUID();
		events.publish(orderPlaced(orderId, customer, "10.01"));

		await().until(() -> outbox(orderId).contains("PaymentFailed"));
		assertThat(balance(customer)).isEqualByComparingTo("10.00");
		assertThat(staff.get("/api/payments?orderId=" + orderId).body()).contains("\"status\":\"DECLINED\"",
				"\"failureReason\":\"INSUFFICIENT_FUNDS\"");
		assertThat(jdbc.queryForObject("SELECT failure_reason FROM payment WHERE order_id = ?", String.class, orderId))
			.isEqualTo("INSUFFICIENT_FUNDS");
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

	@Test
	void requestsWithoutAValidTokenAreRefusedWith401AsAProblem() {
		UUID customer = account("10.00");
		ServiceClient anonymous = ServiceClient.onPort(port);
		String token = auth.staff().value();
		ServiceClient forged = ServiceClient.onPort(port)
			.as(new AccessToken(token.substring(0, token.length() - 4) + "AAAA", Instant.MAX));

		for (HttpResponse<String> refused : List.of(anonymous.get("/api/accounts/" + customer),
				anonymous.get("/api/accounts/" + customer + "/ledger"),
				anonymous.put("/api/accounts/" + UUID.randomUUID(), "{\"currency\":\"EUR\",\"balance\":1}"),
				anonymous.post("/api/accounts/" + customer + "/deposits", "{\"amount\":5}"),
				anonymous.get("/api/payments?orderId=" + UUID.randomUUID()),
				forged.post("/api/accounts/" + customer + "/deposits", "{\"amount\":5}"))) {
			assertThat(refused.statusCode()).isEqualTo(401);
			assertThat(refused.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(balance(customer)).isEqualByComparingTo("10.00");
	}

	@Test
	void customersAndOperatorsCannotOpenOrTopUpAccountsNotEvenTheirOwn() {
		TestCustomer customer = auth.newCustomer();
		UUID unopened = auth.newCustomer().id();
		open(customer.id(), "10.00");

		for (HttpResponse<String> refused : List.of(
				as(customer).put("/api/accounts/" + customer.id(), "{\"currency\":\"EUR\",\"balance\":1000}"),
				as(customer).post("/api/accounts/" + customer.id() + "/deposits", "{\"amount\":1000}"),
				as(customer).put("/api/accounts/" + unopened, "{\"currency\":\"EUR\",\"balance\":1000}"),
				operator.put("/api/accounts/" + unopened, "{\"currency\":\"EUR\",\"balance\":1000}"),
				operator.post("/api/accounts/" + customer.id() + "/deposits", "{\"amount\":1000}"))) {
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}
		assertThat(balance(customer.id())).isEqualByComparingTo("10.00");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM account WHERE customer_id = ?", Integer.class, unopened))
			.isZero();
	}

	@Test
	void customersReadOnlyTheirOwnAccountAndStrangersAreToldItDoesNotExist() {
		TestCustomer customer = auth.newCustomer();
		TestCustomer stranger = auth.newCustomer();
		open(customer.id(), "10.00");
		open(stranger.id(), "20.00");
		UUID mine = customer.id();
		UUID unknown = UUID.randomUUID();

		HttpResponse<String> peek = as(stranger).get("/api/accounts/" + mine);
		HttpResponse<String> peekLedger = as(stranger).get("/api/accounts/" + mine + "/ledger");

		assertThat(peek.statusCode()).isEqualTo(404);
		assertThat(peek.body().replace(mine.toString(), "ID"))
			.isEqualTo(as(stranger).get("/api/accounts/" + unknown).body().replace(unknown.toString(), "ID"));
		assertThat(peekLedger.statusCode()).isEqualTo(404);
		assertThat(peekLedger.body().replace(mine.toString(), "ID")).isEqualTo(
				as(stranger).get("/api/accounts/" + unknown + "/ledger").body().replace(unknown.toString(), "ID"));
		assertThat(as(stranger).get("/api/accounts/" + stranger.id()).body()).contains("\"balance\":20");
		assertThat(as(customer).get("/api/accounts/" + mine).statusCode()).isEqualTo(200);
		assertThat(as(customer).get("/api/accounts/" + mine + "/ledger").statusCode()).isEqualTo(200);
		for (ServiceClient seesEveryone : List.of(staff, operator)) {
			assertThat(seesEveryone.get("/api/accounts/" + mine).body()).contains("\"balance\":10");
			assertThat(seesEveryone.get("/api/accounts/" + mine + "/ledger").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void customersSeeOnlyTheirOwnPaymentsAndAStrangersOrderLooksUnknown() {
		TestCustomer customer = auth.newCustomer();
		TestCustomer stranger = auth.newCustomer();
		open(customer.id(), "50.00");
		UUID orderId = UUID.randomUUID();
		events.publish(orderPlaced(orderId, customer.id(), "30.00"));
		await().until(() -> outbox(orderId).contains("PaymentCompleted"));

		HttpResponse<String> peek = as(stranger).get("/api/payments?orderId=" + orderId);

		assertThat(peek.statusCode()).isEqualTo(200);
		assertThat(peek.body()).isEqualTo(as(stranger).get("/api/payments?orderId=" + UUID.randomUUID()).body())
			.isEqualTo("[]");
		assertThat(as(customer).get("/api/payments?orderId=" + orderId).body()).contains(orderId.toString(),
				"\"status\":\"CHARGED\"");
		assertThat(staff.get("/api/payments?orderId=" + orderId).body()).contains(orderId.toString());
		assertThat(operator.get("/api/payments?orderId=" + orderId).body()).contains(orderId.toString());
	}

	private UUID account(String balance) {
		return open(UUID.randomUUID(), balance);
	}

	/** Staff open the customer's account with this balance. */
	private UUID open(UUID customer, String balance) {
		HttpResponse<String> opened = staff.put("/api/accounts/" + customer,
				"{\"currency\":\"EUR\",\"balance\":" + balance + "}");
		assertThat(opened.statusCode()).isEqualTo(201);
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

	/** @return a client sending this customer's token */
	private ServiceClient as(TestCustomer customer) {
		return ServiceClient.onPort(port).as(customer.token());
	}
}
