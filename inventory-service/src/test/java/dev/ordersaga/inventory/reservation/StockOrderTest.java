package dev.ordersaga.inventory.reservation;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.ordersaga.contracts.inventory.v1.InventoryEvent;
import dev.ordersaga.contracts.inventory.v1.InventoryReleased;
import dev.ordersaga.contracts.inventory.v1.InventoryReservationFailed;
import dev.ordersaga.contracts.inventory.v1.InventoryReserved;
import dev.ordersaga.contracts.inventory.v1.Shortage;
import dev.ordersaga.contracts.inventory.v1.StockLine;
import dev.ordersaga.inventory.catalog.Product;

import static dev.ordersaga.inventory.catalog.ProductFixtures.product;
import static dev.ordersaga.inventory.reservation.ReservationFixtures.placedOrder;
import static dev.ordersaga.inventory.reservation.ReservationFixtures.reservedOrder;
import static dev.ordersaga.inventory.reservation.ReservationFixtures.stockOf;
import static dev.ordersaga.inventory.reservation.ReservationFixtures.untouchedStock;
import static org.assertj.core.api.Assertions.assertThat;

class StockOrderTest {

	Product lamp = product("LAMP", 5);

	Product desk = product("DESK", 1);

	@Test
	void placedAndPaidOrderReservesEveryLine() {
		StockOrder order = placedOrder(new StockLine("LAMP", 2), new StockLine("DESK", 1));
		order.markPaid();

		Optional<InventoryEvent> event = order.progress(stockOf(lamp, desk));

		assertThat(event).contains(new InventoryReserved(order.orderId(),
				List.of(new StockLine("LAMP", 2), new StockLine("DESK", 1))));
		assertThat(order.status()).isEqualTo(StockOrder.Status.RESERVED);
		assertStock(lamp, 3, 2);
		assertStock(desk, 0, 1);
	}

	@Test
	void placedOrderWaitsForItsPaymentWithoutLockingStock() {
		StockOrder order = placedOrder(new StockLine("LAMP", 2));

		assertThat(order.progress(untouchedStock())).isEmpty();
		assertThat(order.status()).isEqualTo(StockOrder.Status.AWAITING);
	}

	@Test
	void paymentThatArrivesBeforeTheOrderWaitsForItsLines() {
		StockOrder order = new StockOrder(UUID.randomUUID());
		order.markPaid();
		assertThat(order.progress(untouchedStock())).isEmpty();

		order.recordLines(List.of(new StockLine("LAMP", 2)));

		assertThat(order.progress(stockOf(lamp))).containsInstanceOf(InventoryReserved.class);
		assertStock(lamp, 3, 2);
	}

	@Test
	void linesOfTheSameSkuAreReservedAsOne() {
		StockOrder order = placedOrder(new StockLine("LAMP", 2), new StockLine("LAMP", 3));
		order.markPaid();

		assertThat(order.progress(stockOf(lamp)))
			.contains(new InventoryReserved(order.orderId(), List.of(new StockLine("LAMP", 5))));
		assertStock(lamp, 0, 5);
	}

	@Test
	void redeliveredOrderKeepsTheLinesFirstRecorded() {
		StockOrder order = placedOrder(new StockLine("LAMP", 2));

		order.recordLines(List.of(new StockLine("LAMP", 4)));

		assertThat(order.lines()).containsExactly(new StockLine("LAMP", 2));
	}

	@Test
	void orderWithOneShortLineReservesNothingAndNamesTheShortage() {
		StockOrder order = placedOrder(new StockLine("LAMP", 2), new StockLine("DESK", 2));
		order.markPaid();

		Optional<InventoryEvent> event = order.progress(stockOf(lamp, desk));

		assertThat(event).contains(new InventoryReservationFailed(order.orderId(), List.of(new Shortage("DESK", 2, 1))));
		assertThat(order.status()).isEqualTo(StockOrder.Status.REJECTED);
		assertStock(lamp, 5, 0);
		assertStock(desk, 1, 0);
	}

	@Test
	void aSkuNotInTheCatalogueIsShortOfEverything() {
		StockOrder order = placedOrder(new StockLine("GHOST", 1), new StockLine("LAMP", 1));
		order.markPaid();

		assertThat(order.progress(stockOf(lamp)))
			.contains(new InventoryReservationFailed(order.orderId(), List.of(new Shortage("GHOST", 1, 0))));
		assertStock(lamp, 5, 0);
	}

	@Test
	void redeliveredPaymentOfAReservedOrderReservesNothingMore() {
		StockOrder order = reservedOrder(stockOf(lamp), new StockLine("LAMP", 2));

		order.markPaid();

		assertThat(order.progress(untouchedStock())).isEmpty();
		assertStock(lamp, 3, 2);
	}

	@Test
	void redeliveredPaymentOfARejectedOrderDecidesNothingAgain() {
		StockOrder order = placedOrder(new StockLine("DESK", 2));
		order.markPaid();
		order.progress(stockOf(desk));

		order.markPaid();

		assertThat(order.progress(untouchedStock())).isEmpty();
		assertThat(order.status()).isEqualTo(StockOrder.Status.REJECTED);
	}

	@Test
	void cancellingAReservedOrderReleasesItsStock() {
		StockOrder order = reservedOrder(stockOf(lamp), new StockLine("LAMP", 2));

		order.markCancelled();

		assertThat(order.progress(stockOf(lamp)))
			.contains(new InventoryReleased(order.orderId(), List.of(new StockLine("LAMP", 2))));
		assertThat(order.status()).isEqualTo(StockOrder.Status.RELEASED);
		assertStock(lamp, 5, 0);
	}

	@Test
	void redeliveredCancellationReleasesOnlyOnce() {
		StockOrder order = reservedOrder(stockOf(lamp), new StockLine("LAMP", 2));
		order.markCancelled();
		order.progress(stockOf(lamp));

		order.markCancelled();

		assertThat(order.progress(untouchedStock())).isEmpty();
		assertThat(order.status()).isEqualTo(StockOrder.Status.RELEASED);
		assertStock(lamp, 5, 0);
	}

	@Test
	void paymentArrivingAfterTheReleaseReservesNothingAgain() {
		StockOrder order = reservedOrder(stockOf(lamp), new StockLine("LAMP", 2));
		order.markCancelled();
		order.progress(stockOf(lamp));

		order.markPaid();

		assertThat(order.progress(untouchedStock())).isEmpty();
		assertStock(lamp, 5, 0);
	}

	@Test
	void cancelledOrderIsNeverReservedByALatePayment() {
		StockOrder order = placedOrder(new StockLine("LAMP", 2));
		order.markCancelled();
		assertThat(order.progress(untouchedStock())).isEmpty();
		assertThat(order.status()).isEqualTo(StockOrder.Status.CANCELLED);

		order.markPaid();

		assertThat(order.progress(untouchedStock())).isEmpty();
		assertThat(order.status()).isEqualTo(StockOrder.Status.CANCELLED);
		assertStock(lamp, 5, 0);
	}

	@Test
	void cancellationThatArrivesBeforeTheOrderAndItsPaymentReservesNothing() {
		StockOrder order = new StockOrder(UUID.randomUUID());
		order.markCancelled();
		assertThat(order.progress(untouchedStock())).isEmpty();

		order.recordLines(List.of(new StockLine("LAMP", 2)));
		order.markPaid();

		assertThat(order.progress(untouchedStock())).isEmpty();
		assertThat(order.status()).isEqualTo(StockOrder.Status.CANCELLED);
	}

	@Test
	void cancellingARejectedOrderHasNothingToRelease() {
		StockOrder order = placedOrder(new StockLine("DESK", 2));
		order.markPaid();
		order.progress(stockOf(desk));

		order.markCancelled();

		assertThat(order.progress(untouchedStock())).isEmpty();
		assertThat(order.status()).isEqualTo(StockOrder.Status.REJECTED);
		assertStock(desk, 1, 0);
	}

	private static void assertStock(Product product, int available, int reserved) {
		assertThat(product.available()).as("available " + product.sku()).isEqualTo(available);
		assertThat(product.reserved()).as("reserved " + product.sku()).isEqualTo(reserved);
	}
}
