package dev.ordersaga.inventory.reservation;

import java.util.List;
import java.util.UUID;

import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.inventory.catalog.Product;

import static org.assertj.core.api.Assertions.fail;

/** Stock and stock orders for unit tests; orders reach their state through the real transitions. */
final class ReservationFixtures {

	private ReservationFixtures() {
	}

	/** @return a stock of exactly these products */
	static Stock stockOf(Product... products) {
		List<Product> all = List.of(products);
		return new Stock(skus -> all.stream().filter(product -> skus.contains(product.sku())).toList());
	}

	/** @return a stock that fails the test when the order locks any product: it has nothing to decide */
	static Stock untouchedStock() {
		return new Stock(skus -> fail("the order locked " + skus + " although it had nothing to decide"));
	}

	/** @return an order whose lines are known and nothing else */
	static StockOrder placedOrder(StockLine... lines) {
		StockOrder order = new StockOrder(UUID.randomUUID());
		order.recordLines(List.of(lines));
		return order;
	}

	/** @return a placed and paid order that reserved its lines from {@code stock} */
	static StockOrder reservedOrder(Stock stock, StockLine... lines) {
		StockOrder order = placedOrder(lines);
		order.markPaid();
		order.progress(stock).orElseThrow(() -> new AssertionError("not reserved"));
		if (order.status() != StockOrder.Status.RESERVED) {
			fail("expected RESERVED, was " + order.status());
		}
		return order;
	}
}
