package dev.ordersaga.payment.account;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static dev.ordersaga.payment.account.AccountFixtures.accountWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AccountTest {

	@Test
	void opensWithItsOpeningBalanceBookedInTheLedger() {
		Account account = new Account(UUID.randomUUID(), "EUR");

		LedgerEntry opening = account.open(new BigDecimal("100.00"));

		assertThat(opening.kind()).isEqualTo(LedgerEntry.Kind.OPENING);
		assertThat(opening.orderId()).isNull();
		assertThat(opening.balanceAfter()).isEqualByComparingTo("100.00");
		assertThat(account.balance()).isEqualByComparingTo("100.00");
	}

	@Test
	void depositRaisesTheBalance() {
		Account account = accountWith("10.00");

		LedgerEntry deposit = account.deposit(new BigDecimal("2.50"));

		assertThat(deposit.kind()).isEqualTo(LedgerEntry.Kind.DEPOSIT);
		assertThat(deposit.amount()).isEqualByComparingTo("2.50");
		assertThat(account.balance()).isEqualByComparingTo("12.50");
	}

	@Test
	void chargeTakesTheAmountForTheOrder() {
		Account account = accountWith("10.00");
		UUID orderId = UUID.randomUUID();

		LedgerEntry charge = account.charge(new BigDecimal("7.00"), orderId);

		assertThat(charge.kind()).isEqualTo(LedgerEntry.Kind.CHARGE);
		assertThat(charge.orderId()).isEqualTo(orderId);
		assertThat(charge.balanceAfter()).isEqualByComparingTo("3.00");
		assertThat(account.balance()).isEqualByComparingTo("3.00");
	}

	@Test
	void chargeOfTheWholeBalanceLeavesZero() {
		Account account = accountWith("10.00");

		account.charge(new BigDecimal("10.00"), UUID.randomUUID());

		assertThat(account.balance()).isEqualByComparingTo("0");
	}

	@Test
	void refusesAChargeBeyondTheBalanceAndKeepsIt() {
		Account account = accountWith("10.00");

		assertThat(account.covers(new BigDecimal("10.01"))).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> account.charge(new BigDecimal("10.01"), UUID.randomUUID()));
		assertThat(account.balance()).isEqualByComparingTo("10.00");
	}

	@Test
	void refundGivesTheOrdersChargeBack() {
		Account account = accountWith("10.00");
		UUID orderId = UUID.randomUUID();
		account.charge(new BigDecimal("4.00"), orderId);

		LedgerEntry refund = account.refund(new BigDecimal("4.00"), orderId);

		assertThat(refund.kind()).isEqualTo(LedgerEntry.Kind.REFUND);
		assertThat(refund.orderId()).isEqualTo(orderId);
		assertThat(account.balance()).isEqualByComparingTo("10.00");
	}
}
