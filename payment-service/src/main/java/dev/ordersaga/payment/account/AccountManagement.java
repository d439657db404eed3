package dev.ordersaga.payment.account;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Opens accounts and takes deposits. */
@Service
public class AccountManagement {

	private final Accounts accounts;

	private final LedgerEntries ledger;

	AccountManagement(Accounts accounts, LedgerEntries ledger) {
		this.accounts = accounts;
		this.ledger = ledger;
	}

	/**
	 * Opens the account, or confirms an identical one that exists.
	 * @return whether it was opened now
	 * @throws AccountExists when the customer already has an account in another currency
	 */
	@Transactional
	public boolean open(UUID customerId, String currency, BigDecimal openingBalance) {
		Account existing = accounts.lock(customerId).orElse(null);
		if (existing == null) {
			Account account = accounts.save(new Account(customerId, currency));
			ledger.save(account.open(openingBalance));
			return true;
		}
		if (!existing.currency().equals(currency)) {
			throw new AccountExists(customerId, existing.currency());
		}
		return false;
	}

	/** @throws NoAccount when the customer has none */
	@Transactional
	public Account deposit(UUID customerId, BigDecimal amount) {
		Account account = accounts.lock(customerId).orElseThrow(() -> new NoAccount(customerId));
		ledger.save(account.deposit(amount));
		return account;
	}

	/** The customer already has an account in another currency. */
	public static class AccountExists extends RuntimeException {

		AccountExists(UUID customerId, String currency) {
			super("Customer " + customerId + " already has an account in " + currency);
		}
	}

	/** The customer has no account. */
	public static class NoAccount extends RuntimeException {

		public NoAccount(UUID customerId) {
			super("Customer " + customerId + " has no account");
		}
	}
}
