package dev.ordersaga.payment.payment.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.contracts.Amounts;
import dev.ordersaga.payment.payment.Payment;
import dev.ordersaga.payment.payment.Payment.FailureReason;
import dev.ordersaga.payment.payment.Payment.RefundReason;
import dev.ordersaga.payment.payment.Payments;
import dev.ordersaga.servicesupport.security.Caller;

/** {@code /api/payments?orderId=}: what was charged and refunded for an order. */
@RestController
@Tag(name = "Payments", description = "Charges and refunds per order")
@RequestMapping("/api/payments")
class PaymentController {

	private final Payments payments;

	PaymentController(Payments payments) {
		this.payments = payments;
	}

	/**
	 * @return the order's payment, or an empty list when none was attempted yet; a customer sees only
	 * their own, so another customer's order looks like one without a payment
	 */
	@GetMapping
	@Operation(summary = "An order's payments; empty for an order that is not the caller's")
	List<PaymentView> forOrder(Caller caller, @RequestParam UUID orderId) {
		return payments.findById(orderId)
			.filter(payment -> caller.maySee(payment.customerId()))
			.map(PaymentView::of)
			.stream()
			.toList();
	}

	record PaymentView(UUID orderId, UUID paymentId, UUID customerId, BigDecimal amount, String currency,
			Payment.Status status, @Nullable FailureReason failureReason, @Nullable RefundReason refundReason,
			BigDecimal charged, BigDecimal refunded) {

		private static final BigDecimal NONE = Amounts.normalize(BigDecimal.ZERO);

		static PaymentView of(Payment payment) {
			boolean charged = payment.status() != Payment.Status.DECLINED;
			boolean refunded = payment.status() == Payment.Status.REFUNDED;
			return new PaymentView(payment.orderId(), payment.paymentId(), payment.customerId(), payment.amount(),
					payment.currency(), payment.status(), payment.failureReason(), payment.refundReason(),
					charged ? payment.amount() : NONE, refunded ? payment.amount() : NONE);
		}
	}
}
