package dev.ordersaga.order;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.contracts.inventory.v1.InventoryReserved;
import dev.ordersaga.contracts.inventory.v1.ProductUpdated;
import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.testsupport.EventPublisher;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "order.saga.timeout=2s", "order.saga.timeout-check-interval=200ms",
				"order.saga.order-placed-version=1" })
@RealInfrastructure
@DirtiesContext
class OrderTimeoutIT {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void openOrderIsCancelledAtItsDeadlineAndALateReservationDoesNotReviveIt() {
		String sku = "SKU-SLOW-" + UUID.randomUUID().toString().substring(0, 6);
		try (EventPublisher events = new EventPublisher(TestInfrastructure.get().kafkaAdminConfig())) {
			events.publish(new ProductUpdated(sku, "Slow boat", new BigDecimal("5.00"), "EUR"));
			await().until(() -> jdbc.queryForObject("SELECT count(*) FROM catalog_product WHERE sku = ?", Integer.class,
					sku) == 1);
			UUID orderId = OrderApi.orderId(new OrderApi(port).place(
					"[{\"sku\":\"" + sku + "\",\"quantity\":1}]"));
			events.publish(new PaymentCompleted(orderId, UUID.randomUUID(), UUID.randomUUID(), new BigDecimal("5.00"), "EUR"));

			await().until(() -> "CANCELLED".equals(jdbc.queryForObject(
					"SELECT status FROM customer_order WHERE order_id = ?", String.class, orderId)));
			events.publish(new InventoryReserved(orderId, List.of(new StockLine(sku, 1))));
			await().until(() -> jdbc.queryForObject("SELECT count(*) FROM saga_step WHERE order_id = ? "
					+ "AND event_type = 'InventoryReserved'", Integer.class, orderId) == 1);

			assertThat(jdbc.queryForMap("SELECT status, cancel_reason FROM customer_order WHERE order_id = ?", orderId))
				.containsEntry("status", "CANCELLED")
				.containsEntry("cancel_reason", "TIMEOUT");
			assertThat(jdbc.queryForList("SELECT event_type FROM outbox_event WHERE aggregate_id = ? ORDER BY position",
					String.class, orderId.toString())).containsExactly("OrderPlaced", "OrderCancelled");
			assertThat(jdbc.queryForObject("SELECT schema_version FROM outbox_event WHERE aggregate_id = ? "
					+ "AND event_type = 'OrderPlaced'", Integer.class, orderId.toString()))
				.as("the producer was switched to OrderPlaced v1")
				.isEqualTo(1);
		}
	}
}
