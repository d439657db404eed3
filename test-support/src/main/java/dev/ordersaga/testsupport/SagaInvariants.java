package dev.ordersaga.testsupport;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The invariants of the saga once the system is quiet, read straight from each service's schema:
 * every order terminal; a confirmed order charged once, never refunded, its stock reserved once; a
 * cancelled order with a net charge and a net reservation of zero; stock conserved; no balance below
 * zero and every balance explained by its charges.
 */
public final class SagaInvariants {

	private final JdbcTemplate database;

	/** @param database a view across every service's schema (a superuser's), must not be {@literal null} */
	public SagaInvariants(JdbcTemplate database) {
		this.database = database;
	}

	/**
	 * @param orders the orders to check
	 * @param initialStock each sku's available + reserved units before the orders
	 * @param initialBalances each customer's balance before the orders
	 * @return one line per violation, naming the order, sku or customer; empty when all hold
	 */
	public List<String> violations(List<UUID> orders, Map<String, Integer> initialStock,
			Map<UUID, BigDecimal> initialBalances) {
		List<String> violations = new ArrayList<>();
		for (UUID orderId : orders) {
			String status = database.queryForObject("SELECT status FROM order_service.customer_order WHERE order_id = ?",
					String.class, orderId);
			Map<String, Object> money = database.queryForMap("""
					SELECT count(*) FILTER (WHERE kind = 'CHARGE') AS charges,
					       count(*) FILTER (WHERE kind = 'REFUND') AS refunds
					FROM payment_service.ledger_entry WHERE order_id = ?
					""", orderId);
			long charges = ((Number) money.get("charges")).longValue();
			long refunds = ((Number) money.get("refunds")).longValue();
			List<String> reservation = database.queryForList(
					"SELECT status FROM inventory_service.stock_order WHERE order_id = ?", String.class, orderId);
			String stock = reservation.isEmpty() ? "NONE" : reservation.get(0);
			switch (status) {
				case "CONFIRMED" -> {
					if (charges != 1 || refunds != 0) {
						violations.add(orderId + " CONFIRMED but charged " + charges + "x, refunded " + refunds + "x");
					}
					if (!stock.equals("RESERVED")) {
						violations.add(orderId + " CONFIRMED but its stock is " + stock);
					}
				}
				case "CANCELLED" -> {
					if (charges != refunds || charges > 1) {
						violations.add(orderId + " CANCELLED but charged " + charges + "x, refunded " + refunds + "x");
					}
					if (!List.of("NONE", "REJECTED", "RELEASED", "CANCELLED").contains(stock)) {
						violations.add(orderId + " CANCELLED but its stock is " + stock);
					}
				}
				default -> violations.add(orderId + " is still " + status);
			}
		}
		initialStock.forEach((sku, initial) -> {
			Map<String, Object> product = database.queryForMap(
					"SELECT available, reserved FROM inventory_service.product WHERE sku = ?", sku);
			int available = ((Number) product.get("available")).intValue();
			int reserved = ((Number) product.get("reserved")).intValue();
			Integer held = database.queryForObject("""
					SELECT coalesce(sum(l.quantity), 0) FROM inventory_service.stock_order o
					JOIN inventory_service.stock_order_line l USING (order_id)
					WHERE o.status = 'RESERVED' AND l.sku = ?
					""", Integer.class, sku);
			if (available + reserved != initial) {
				violations.add(sku + ": " + available + " available + " + reserved + " reserved != " + initial + " initially");
			}
			if (held == null || held != reserved) {
				violations.add(sku + ": " + reserved + " reserved but reserved orders hold " + held);
			}
		});
		initialBalances.forEach((customer, initial) -> {
			BigDecimal balance = database.queryForObject(
					"SELECT balance FROM payment_service.account WHERE customer_id = ?", BigDecimal.class, customer);
			BigDecimal charged = database.queryForObject("""
					SELECT coalesce(sum(amount), 0) FROM payment_service.payment
					WHERE customer_id = ? AND status = 'CHARGED'
					""", BigDecimal.class, customer);
			if (balance.signum() < 0) {
				violations.add(customer + ": balance " + balance + " is negative");
			}
			if (balance.compareTo(initial.subtract(charged)) != 0) {
				violations.add(customer + ": balance " + balance + " != " + initial + " - " + charged + " charged");
			}
		});
		return violations;
	}
}
