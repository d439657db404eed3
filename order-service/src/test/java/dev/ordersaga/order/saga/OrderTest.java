package dev.ordersaga.order.saga;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.ordersaga.contracts.order.v1.OrderCancelled;
import dev.ordersaga.contracts.order.v1.OrderConfirmed;
import dev.ordersaga.contracts.order.v1.OrderLine;
import dev.ordersaga.contracts.order.v2.OrderPlaced;

import static dev.ordersaga.order.saga.OrderFixtures.cancelledOrder;
import static dev.ordersaga.order.saga.OrderFixtures.confirmedOrder;
import static dev.ordersaga.order.saga.OrderFixtures.paidOrder;
import static dev.ordersaga.order.saga.OrderFixtures.pendingOrder;
import static dev.ordersaga.order.saga.OrderFixtures.placed;
import static dev.ordersaga.order.saga.OrderFixtures.reservedOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OrderTest {

	@Test
	void placedOrderIsPendingTotalledAndAnnouncedWithItsLines() {
		Order.Placed placed = placed();
		Order order = placed.order();

		assertThat(order.status()).isEqualTo(Order.Status.PENDING);
		assertThat(order.total()).isEqualByComparingTo("39.00");
		assertThat(order.isNew()).isTrue();
		assertThat(placed.event()).isEqualTo(new OrderPlaced(order.id(), order.customerId(),
				List.of(new OrderLine("MUG", 2, new BigDecimal("4.50")), new OrderLine("LAMP", 1, new BigDecimal("30.00"))),
				order.total(), "EUR", "ada@example.com"));
	}

	@Test
	void knowsTheRequestThatPlacedIt() {
		Order order = pendingOrder();

		assertThat(order.placedBy("fingerprint-1")).isTrue();
		assertThat(order.placedBy("fingerprint-2")).isFalse();
	}

	@Test
	void paymentAloneMakesTheOrderPaidButNotConfirmed() {
		Order order = pendingOrder();

		assertThat(order.markPaid()).isEmpty();
		assertThat(order.status()).isEqualTo(Order.Status.PAID);
	}

	@Test
	void reservationOfAPaidOrderConfirmsIt() {
		Order order = paidOrder();

		assertThat(order.markReserved()).contains(new OrderConfirmed(order.id(), order.customerId(), order.total(), "EUR"));
		assertThat(order.status()).isEqualTo(Order.Status.CONFIRMED);
		assertThat(order.isTerminal()).isTrue();
	}

	@Test
	void reservationThatArrivesBeforeThePaymentWaitsForIt() {
		Order order = pendingOrder();

		assertThat(order.markReserved()).isEmpty();
		assertThat(order.status()).isEqualTo(Order.Status.PENDING);
	}

	@Test
	void paymentThatArrivesAfterTheReservationConfirms() {
		Order order = reservedOrder();

		assertThat(order.markPaid()).contains(new OrderConfirmed(order.id(), order.customerId(), order.total(), "EUR"));
		assertThat(order.status()).isEqualTo(Order.Status.CONFIRMED);
	}

	@Test
	void repeatedPaymentOrReservationConfirmsOnlyOnce() {
		Order order = confirmedOrder();

		assertThat(order.markPaid()).isEmpty();
		assertThat(order.markReserved()).isEmpty();
		assertThat(order.status()).isEqualTo(Order.Status.CONFIRMED);
	}

	@Test
	void repeatedPaymentOfAPaidOrderChangesNothing() {
		Order order = paidOrder();

		assertThat(order.markPaid()).isEmpty();
		assertThat(order.status()).isEqualTo(Order.Status.PAID);
	}

	@ParameterizedTest
	@EnumSource(Order.CancellationReason.class)
	void cancellingAnOpenOrderAnnouncesItWithTheReason(Order.CancellationReason reason) {
		Order order = pendingOrder();

		assertThat(order.cancel(reason)).contains(new OrderCancelled(order.id(), order.customerId(),
				dev.ordersaga.contracts.order.v1.CancellationReason.valueOf(reason.name()), order.total(), "EUR"));
		assertThat(order.status()).isEqualTo(Order.Status.CANCELLED);
		assertThat(order.cancelReason()).isEqualTo(reason);
		assertThat(order.isTerminal()).isTrue();
	}

	@Test
	void aPaidOrderCanStillBeCancelled() {
		Order order = paidOrder();

		assertThat(order.cancel(Order.CancellationReason.CUSTOMER_REQUEST)).isPresent();
		assertThat(order.status()).isEqualTo(Order.Status.CANCELLED);
	}

	@Test
	void cancellingACancelledOrderAgainChangesNothing() {
		Order order = cancelledOrder(Order.CancellationReason.CUSTOMER_REQUEST);

		assertThat(order.cancel(Order.CancellationReason.TIMEOUT)).isEmpty();
		assertThat(order.cancelReason()).isEqualTo(Order.CancellationReason.CUSTOMER_REQUEST);
	}

	@Test
	void aConfirmedOrderCannotBeCancelled() {
		Order order = confirmedOrder();

		assertThatExceptionOfType(Order.OrderAlreadyConfirmed.class)
			.isThrownBy(() -> order.cancel(Order.CancellationReason.CUSTOMER_REQUEST));
		assertThat(order.status()).isEqualTo(Order.Status.CONFIRMED);
	}

	@Test
	void paymentThatArrivesAfterTheCancellationChangesNothing() {
		Order order = cancelledOrder(Order.CancellationReason.TIMEOUT);

		assertThat(order.markPaid()).isEmpty();
		assertThat(order.status()).isEqualTo(Order.Status.CANCELLED);
	}

	@Test
	void reservationThatArrivesAfterTheCancellationDoesNotReviveTheOrder() {
		Order order = paidOrder();
		order.cancel(Order.CancellationReason.TIMEOUT);

		assertThat(order.markReserved()).isEmpty();
		assertThat(order.status()).isEqualTo(Order.Status.CANCELLED);
		assertThat(order.cancelReason()).isEqualTo(Order.CancellationReason.TIMEOUT);
	}

	@Test
	void failedSagaCancelsAnOpenOrder() {
		Order order = paidOrder();

		assertThat(order.sagaFailed(Order.CancellationReason.OUT_OF_STOCK)).isPresent();
		assertThat(order.status()).isEqualTo(Order.Status.CANCELLED);
		assertThat(order.cancelReason()).isEqualTo(Order.CancellationReason.OUT_OF_STOCK);
	}

	@Test
	void repeatedSagaFailureCancelsOnlyOnce() {
		Order order = pendingOrder();
		order.sagaFailed(Order.CancellationReason.PAYMENT_DECLINED);

		assertThat(order.sagaFailed(Order.CancellationReason.PAYMENT_DECLINED)).isEmpty();
	}

	@Test
	void sagaFailureThatArrivesAfterTheConfirmationChangesNothing() {
		Order order = confirmedOrder();

		assertThat(order.sagaFailed(Order.CancellationReason.OUT_OF_STOCK)).isEmpty();
		assertThat(order.status()).isEqualTo(Order.Status.CONFIRMED);
	}

	@Test
	void sagaFailureOfAnOrderTheCustomerCancelledKeepsTheCustomersReason() {
		Order order = cancelledOrder(Order.CancellationReason.CUSTOMER_REQUEST);

		assertThat(order.sagaFailed(Order.CancellationReason.OUT_OF_STOCK)).isEmpty();
		assertThat(order.cancelReason()).isEqualTo(Order.CancellationReason.CUSTOMER_REQUEST);
	}

	@Test
	void ownCancellationReasonsAreStoredUnderTheContractsNames() {
		for (Order.CancellationReason reason : Order.CancellationReason.values()) {
			assertThat(reason.toContract().name()).isEqualTo(reason.name());
		}
		assertThat(Order.CancellationReason.values())
			.hasSameSizeAs(dev.ordersaga.contracts.order.v1.CancellationReason.values());
	}
}
