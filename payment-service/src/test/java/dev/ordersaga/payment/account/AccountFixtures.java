package dev.ordersaga.payment.account;

import java.math.BigDecimal;
import java.util.UUID;

/** Accounts for unit tests, opened the way {@link AccountManagement} opens them. */
public final class AccountFixtures {

	private AccountFixtures() {
	}

	/** @return a new customer's account in EUR holding {@code balance} */
	public static Account accountWith(String balance) {
		return accountWith(balance, "EUR");
	}

	/** @return a new customer's account in {@code currency} holding {@code balance} */
	public static Account accountWith(String balance, String currency) {
		Account account = new Account(UUID.randomUUID(), currency);
		account.open(new BigDecimal(balance));
		return account;
	}
}
