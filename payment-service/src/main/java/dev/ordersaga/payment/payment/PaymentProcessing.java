package dev.ordersaga.payment.payment;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.contracts.payment.v1.PaymentCompleted;
import dev.ordersaga.contracts.payment.v1.PaymentFailed;
import dev.ordersaga.contracts.payment.v1.PaymentFailureReason;
import dev.ordersaga.contracts.payment.v1.PaymentRefunded;
import dev.ordersaga.contracts.payment.v1.RefundReason;
import dev.ordersaga.payment.account.Account;
import dev.ordersaga.payment.account.Accounts;
import dev.ordersaga.payment.account.LedgerEntries;
import dev.ordersaga.messaging.outbox.Outbox;

/**
 * Charges placed orders and refunds them when the saga cannot finish. The account row is locked for
 * the charge, so concurrent orders of one customer take turns and the balance never goes negative;
 * the payment row (one per order) makes a repeated charge or refund a no-op.
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
		PaymentFailureReason declined = account == null ? PaymentFailureReason.NO_ACCOUNT
				: !account.currency().equals(currency) ? PaymentFailureReason.CURRENCY_MISMATCH
						: !account.covers(amount) ? PaymentFailureReason.INSUFFICIENT_FUNDS : null;
		if (declined != null) {
			payments.save(Payment.declined(orderId, customerId, amount, currency, declined));
			outbox.append(new PaymentFailed(orderId, customerId, amount, currency, declined));
			return;
		}
		ledger.save(account.charge(amount, orderId));
		Payment payment = payments.save(Payment.charged(orderId, customerId, amount, currency));
		outbox.append(new PaymentCompleted(orderId, customerId, payment.paymentId(), amount, currency));
	}

	/** Gives a charged order's money back, once; an order never charged needs nothing. */
	@Transactional
	public void refund(UUID orderId, RefundReason reason) {
		Payment payment = payments.lock(orderId).orElse(null);
		if (payment == null || !payment.refundable()) {
			return;
		}
		Account account = accounts.lock(payment.customerId()).orElseThrow();
		ledger.save(account.refund(payment.amount(), orderId));
		payment.refunded(reason);
		outbox.append(new PaymentRefunded(orderId, payment.customerId(), payment.paymentId(), payment.amount(),
				payment.currency(), reason));
	}
}
