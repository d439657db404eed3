package dev.ordersaga.notification.notice;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.ordersaga.contracts.notification.v1.NotificationKind;

import static org.assertj.core.api.Assertions.assertThat;

class NoticeTest {

	static final Duration REFUND_WAIT = Duration.ofSeconds(30);

	static final BigDecimal TOTAL = new BigDecimal("39.00");

	@Test
	void paymentReceiptIsDueAtOnce() {
		Notice receipt = Notice.paymentReceipt(TOTAL, "EUR");

		assertThat(receipt.kind()).isEqualTo(Notification.Kind.PAYMENT_RECEIPT);
		assertThat(receipt.amount()).isEqualByComparingTo("39.00");
		assertThat(receipt.dueNow()).isTrue();
	}

	@Test
	void orderConfirmationIsDueAtOnce() {
		Notice confirmation = Notice.orderConfirmation(TOTAL, "EUR");

		assertThat(confirmation.kind()).isEqualTo(Notification.Kind.ORDER_CONFIRMATION);
		assertThat(confirmation.dueNow()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(value = Notice.CancellationReason.class, names = "PAYMENT_DECLINED", mode = EnumSource.Mode.EXCLUDE)
	void cancellationOfAnOrderThatMayHaveBeenPaidWaitsForItsRefund(Notice.CancellationReason reason) {
		Notice cancellation = Notice.orderCancellation(reason, TOTAL, "EUR", Optional.empty(), REFUND_WAIT);

		assertThat(cancellation.kind()).isEqualTo(Notification.Kind.ORDER_CANCELLATION);
		assertThat(cancellation.reason()).isEqualTo(reason.name());
		assertThat(cancellation.refundedAmount()).isNull();
		assertThat(cancellation.delay()).isEqualTo(REFUND_WAIT);
		assertThat(cancellation.dueNow()).isFalse();
	}

	@Test
	void cancellationAfterADeclinedPaymentHasNoRefundToWaitForAndIsDueAtOnce() {
		Notice cancellation = Notice.orderCancellation(Notice.CancellationReason.PAYMENT_DECLINED, TOTAL, "EUR",
				Optional.empty(), REFUND_WAIT);

		assertThat(cancellation.reason()).isEqualTo("PAYMENT_DECLINED");
		assertThat(cancellation.dueNow()).isTrue();
	}

	@Test
	void refundSeenBeforeTheCancellationIsStatedInItAndTheNoticeIsDueAtOnce() {
		Notice cancellation = Notice.orderCancellation(Notice.CancellationReason.OUT_OF_STOCK, TOTAL, "EUR",
				Optional.of(TOTAL), REFUND_WAIT);

		assertThat(cancellation.refundedAmount()).isEqualByComparingTo("39.00");
		assertThat(cancellation.dueNow()).isTrue();
	}

	@Test
	void refundThatArrivesBeforeTheCancellationIsKeptForIt() {
		assertThat(Notice.onRefund(Optional.empty())).isEqualTo(Notice.OnRefund.KEEP_FOR_CANCELLATION);
	}

	@Test
	void refundThatArrivesWhileTheCancellationNoticeWaitsJoinsIt() {
		assertThat(Notice.onRefund(Optional.of(Notification.Status.PENDING))).isEqualTo(Notice.OnRefund.JOIN_CANCELLATION);
	}

	@Test
	void refundThatArrivesAfterTheCancellationNoticeWentOutGetsItsOwnNotice() {
		assertThat(Notice.onRefund(Optional.of(Notification.Status.SENT))).isEqualTo(Notice.OnRefund.OWN_NOTICE);

		Notice refund = Notice.refundNotice(TOTAL, "EUR", "ORDER_CANCELLED");

		assertThat(refund.kind()).isEqualTo(Notification.Kind.REFUND_NOTICE);
		assertThat(refund.reason()).isEqualTo("ORDER_CANCELLED");
		assertThat(refund.dueNow()).isTrue();
	}

	@Test
	void ownKindsAreStoredUnderTheContractsNames() {
		for (Notification.Kind kind : Notification.Kind.values()) {
			assertThat(kind.toContract().name()).isEqualTo(kind.name());
		}
		assertThat(Notification.Kind.values()).hasSameSizeAs(NotificationKind.values());
	}

	@Test
	void ownCancellationReasonsCarryTheContractsNames() {
		assertThat(Notice.CancellationReason.values()).extracting(Enum::name)
			.containsExactly(java.util.Arrays.stream(dev.ordersaga.contracts.order.v1.CancellationReason.values())
				.map(Enum::name)
				.toArray(String[]::new));
	}
}
