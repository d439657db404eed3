package dev.ordersaga.payment.payment;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.payment.account.Account;
import dev.ordersaga.payment.account.Accounts;
import dev.ordersaga.payment.account.LedgerEntries;
import dev.ordersaga.messaging.outbox.Outbox;

/**
 * Charges placed orders and refunds them when the saga cannot finish. The account row is locked for
 * the charge, so concurrent orders of one customer take turns and the balance never goes negative;
 * the payment row (one per order) makes a repeated charge or refund a no-op. Each method locks what
 * it changes, lets the {@link Payment} decide and appends the event it answers with, in one transaction.
 */
@Service
public class PaymentProcessing {

	private final Payments payments;

	private final Accounts accounts;

	private final LedgerEntries ledger;

	private final Outbox outbox;

	PaymentProcessing(Payments payments, Accounts accounts, LedgerEntries ledger, Outbox outbox) {
		this.payments = payments;
		this.accounts = accounts;
		this.ledger = ledger;
		this.outbox = outbox;
	}

	/** Charges the order's total, or declines it with the reason. Does nothing for an order seen before. */
	@Transactional
	public void charge(UUID orderId, UUID customerId, BigDecimal amount, String currency) {
		if (payments.existsById(orderId)) {
			return;
		}
		Account account = accounts.lock(customerId).orElse(null);
		Payment.Charge charge = Payment.charge(orderId, customerId, amount, currency, account);
		charge.entry().ifPresent(ledger::save);
		payments.save(charge.payment());
		outbox.append(charge.event());
	}

	/** Gives a charged order's money back, once; an order never charged needs nothing. */
	@Transactional
	public void refund(UUID orderId, Payment.RefundReason reason) {
		payments.lock(orderId)
			.flatMap(payment -> payment.refund(reason, () -> accounts.lock(payment.customerId()).orElseThrow()))
			.ifPresent(refund -> {
				ledger.save(refund.entry());
				outbox.append(refund.event());
			});
	}
}
