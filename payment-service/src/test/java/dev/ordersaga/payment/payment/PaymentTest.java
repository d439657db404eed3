package dev.ordersaga.payment.payment;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentFailed;
import dev.ordersaga.contracts.payment.v1.PaymentFailureReason;
import dev.ordersaga.contracts.payment.v1.PaymentRefunded;
import dev.ordersaga.payment.account.Account;
import dev.ordersaga.payment.account.LedgerEntry;

import static dev.ordersaga.payment.account.AccountFixtures.accountWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class PaymentTest {

	static final UUID ORDER = UUID.randomUUID();

	@Test
	void chargesAnOrderTheAccountCovers() {
		Account account = accountWith("50.00");

		Payment.Charge charge = charge("30.00", account);

		assertThat(charge.payment().status()).isEqualTo(Payment.Status.CHARGED);
		assertThat(charge.payment().failureReason()).isNull();
		assertThat(charge.entry()).hasValueSatisfying(entry -> {
			assertThat(entry.kind()).isEqualTo(LedgerEntry.Kind.CHARGE);
			assertThat(entry.orderId()).isEqualTo(ORDER);
		});
		assertThat(account.balance()).isEqualByComparingTo("20.00");
		assertThat(charge.event()).isEqualTo(new PaymentCompleted(ORDER, account.customerId(),
				charge.payment().paymentId(), new BigDecimal("30.00"), "EUR"));
	}

	@Test
	void chargesAnOrderOfExactlyTheBalance() {
		Account account = accountWith("30.00");

		assertThat(charge("30.00", account).payment().status()).isEqualTo(Payment.Status.CHARGED);
		assertThat(account.balance()).isEqualByComparingTo("0");
	}

	@Test
	void declinesAnOrderBeyondTheBalanceAndTakesNothing() {
		Account account = accountWith("10.00");

		Payment.Charge charge = charge("10.01", account);

		assertDeclined(charge, Payment.FailureReason.INSUFFICIENT_FUNDS, PaymentFailureReason.INSUFFICIENT_FUNDS);
		assertThat(account.balance()).isEqualByComparingTo("10.00");
	}

	@Test
	void declinesAnOrderOfACustomerWithoutAnAccount() {
		Payment.Charge charge = Payment.charge(ORDER, UUID.randomUUID(), new BigDecimal("5.00"), "EUR", null);

		assertDeclined(charge, Payment.FailureReason.NO_ACCOUNT, PaymentFailureReason.NO_ACCOUNT);
	}

	@Test
	void declinesAnOrderInAnotherCurrencyThanTheAccountsEvenWhenTheBalanceWouldCoverIt() {
		Account account = accountWith("100.00", "USD");

		Payment.Charge charge = charge("5.00", account);

		assertDeclined(charge, Payment.FailureReason.CURRENCY_MISMATCH, PaymentFailureReason.CURRENCY_MISMATCH);
		assertThat(account.balance()).isEqualByComparingTo("100.00");
	}

	@Test
	void refundsAChargedPaymentToTheAccount() {
		Account account = accountWith("50.00");
		Payment payment = charge("30.00", account).payment();

		Payment.Refund refund = payment.refund(Payment.RefundReason.ORDER_CANCELLED, () -> account).orElseThrow();

		assertThat(payment.status()).isEqualTo(Payment.Status.REFUNDED);
		assertThat(payment.refundReason()).isEqualTo(Payment.RefundReason.ORDER_CANCELLED);
		assertThat(refund.entry().kind()).isEqualTo(LedgerEntry.Kind.REFUND);
		assertThat(account.balance()).isEqualByComparingTo("50.00");
		assertThat(refund.event()).isEqualTo(new PaymentRefunded(ORDER, account.customerId(), payment.paymentId(),
				payment.amount(), "EUR", dev.ordersaga.contracts.payment.v1.RefundReason.ORDER_CANCELLED));
	}

	@Test
	void refundsForTheReasonGiven() {
		Account account = accountWith("50.00");
		Payment payment = charge("30.00", account).payment();

		Payment.Refund refund = payment.refund(Payment.RefundReason.OUT_OF_STOCK, () -> account).orElseThrow();

		assertThat(payment.refundReason()).isEqualTo(Payment.RefundReason.OUT_OF_STOCK);
		assertThat(refund.event().reason()).isEqualTo(dev.ordersaga.contracts.payment.v1.RefundReason.OUT_OF_STOCK);
	}

	@Test
	void refundsOnlyOnceWhenTheReservationFailureAndTheCancellationBothArrive() {
		Account account = accountWith("40.00");
		Payment payment = charge("15.00", account).payment();
		payment.refund(Payment.RefundReason.OUT_OF_STOCK, () -> account).orElseThrow();

		assertThat(payment.refund(Payment.RefundReason.ORDER_CANCELLED, noAccountWanted())).isEmpty();
		assertThat(payment.status()).isEqualTo(Payment.Status.REFUNDED);
		assertThat(payment.refundReason()).isEqualTo(Payment.RefundReason.OUT_OF_STOCK);
		assertThat(account.balance()).isEqualByComparingTo("40.00");
	}

	@Test
	void aCancelledOrderWhosePaymentWasDeclinedHasNothingToRefund() {
		Account account = accountWith("1.00");
		Payment payment = charge("5.00", account).payment();

		assertThat(payment.refund(Payment.RefundReason.ORDER_CANCELLED, noAccountWanted())).isEmpty();
		assertThat(payment.status()).isEqualTo(Payment.Status.DECLINED);
		assertThat(payment.refundReason()).isNull();
	}

	@Test
	void ownReasonsAreStoredUnderTheContractsNames() {
		for (Payment.FailureReason reason : Payment.FailureReason.values()) {
			assertThat(reason.toContract().name()).isEqualTo(reason.name());
		}
		for (Payment.RefundReason reason : Payment.RefundReason.values()) {
			assertThat(reason.toContract().name()).isEqualTo(reason.name());
		}
	}

	private static Payment.Charge charge(String amount, Account account) {
		return Payment.charge(ORDER, account.customerId(), new BigDecimal(amount), "EUR", account);
	}

	private static void assertDeclined(Payment.Charge charge, Payment.FailureReason reason,
			PaymentFailureReason contractReason) {
		assertThat(charge.payment().status()).isEqualTo(Payment.Status.DECLINED);
		assertThat(charge.payment().failureReason()).isEqualTo(reason);
		assertThat(charge.entry()).isEmpty();
		assertThat(charge.event()).isInstanceOfSatisfying(PaymentFailed.class,
				failed -> assertThat(failed.reason()).isEqualTo(contractReason));
	}

	/** Fails the test if the payment looks the account up: nothing is to be given back. */
	private static Supplier<Account> noAccountWanted() {
		return () -> fail("the account was looked up although there is nothing to refund");
	}
}
