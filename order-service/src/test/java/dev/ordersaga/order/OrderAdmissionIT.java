package dev.ordersaga.order;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ordersaga.contracts.inventory.v1.ProductUpdated;
import dev.ordersaga.order.admission.AdmissionSettings;
import dev.ordersaga.testsupport.EventPublisher;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "order.admission.refresh-interval=0s", "order.saga.timeout-check-interval=1h" })
@RealInfrastructure
@DirtiesContext
class OrderAdmissionIT {

	static final int ROOM = 3;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	AdmissionSettings settings;

	/**
	 * The module's test classes share one database, and the orders others left open count: the limit
	 * leaves room for {@value #ROOM} more, and more when this context's first timeout check (there is
	 * no second one) cancels some of those.
	 */
	@DynamicPropertySource
	static void limit(DynamicPropertyRegistry registry) {
		registry.add("order.admission.max-open-orders", () -> openOrders() + ROOM);
		// One customer places every order here: the per-customer limit (CustomerRateLimitTest, OrderIT) stays out.
		registry.add("order.admission.per-customer.enabled", () -> "false");
	}

	@Test
	void newOrdersAreRefusedWith429WhileTooManyAreOpenAndTakenAgainOnceOneEnds() {
		String sku = "SKU-ADMIT-" + UUID.randomUUID().toString().substring(0, 6);
		try (EventPublisher events = new EventPublisher(TestInfrastructure.get().kafkaAdminConfig())) {
			events.publish(new ProductUpdated(sku, "Crowded mug", new BigDecimal("3.00"), "EUR"));
			await().until(() -> jdbc.queryForObject("SELECT count(*) FROM catalog_product WHERE sku = ?", Integer.class,
					sku) == 1);
		}
		OrderApi api = new OrderApi(port);
		String lines = "[{\"sku\":\"" + sku + "\",\"quantity\":1}]";
		String key = "checkout-" + UUID.randomUUID();
		String keyed = "{\"currency\":\"EUR\",\"lines\":" + lines + "}";
		HttpResponse<String> first = api.post("/api/orders", keyed, key);
		assertThat(first.statusCode()).isEqualTo(202);
		List<UUID> accepted = new ArrayList<>(List.of(OrderApi.orderId(first)));
		HttpResponse<String> placed = api.place(lines);
		while (placed.statusCode() == 202 && accepted.size() < ROOM + 100) {
			accepted.add(OrderApi.orderId(placed));
			placed = api.place(lines);
		}
		HttpResponse<String> refused = placed;
		int openWhenRefused = openOrders();
		int ordersWhenRefused = jdbc.queryForObject("SELECT count(*) FROM customer_order", Integer.class);
		HttpResponse<String> retried = api.post("/api/orders", keyed, key);

		assertThat(accepted).hasSizeGreaterThanOrEqualTo(ROOM);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(openWhenRefused).isEqualTo(settings.maxOpenOrders());
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(refused.body()).contains("\"title\":\"Saga behind\"", "orders are open");
		assertThat(meters.get("orders.refused").counter().count()).isEqualTo(1);
		// A retry of an order already taken is answered with that order, refused or not.
		assertThat(retried.statusCode()).isEqualTo(202);
		assertThat(OrderApi.orderId(retried)).isEqualTo(accepted.get(0));
		assertThat(jdbc.queryForObject("SELECT count(*) FROM customer_order", Integer.class)).isEqualTo(ordersWhenRefused);

		assertThat(api.post("/api/orders/" + accepted.get(1) + "/cancel", "", null).statusCode()).isEqualTo(200);
		assertThat(api.place(lines).statusCode()).isEqualTo(202);
		assertThat(api.place(lines).statusCode()).isEqualTo(429);
	}

	private static int openOrders() {
		JdbcTemplate admin = new JdbcTemplate(TestInfrastructure.get().adminDataSource());
		Boolean exists = admin.queryForObject("SELECT to_regclass('order_service.customer_order') IS NOT NULL",
				Boolean.class);
		return Boolean.TRUE.equals(exists) ? admin.queryForObject(
				"SELECT count(*) FROM order_service.customer_order WHERE status IN ('PENDING', 'PAID')", Integer.class) : 0;
	}
}
