package dev.ordersaga.notification.notice.web;

import java.math.BigDecimal;
import java.time.Instant;
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
import dev.ordersaga.notification.notice.Notification;
import dev.ordersaga.notification.notice.Notifications;
import dev.ordersaga.servicesupport.security.Caller;

/** {@code /api/notifications?orderId=}: what was recorded and sent for an order. */
@RestController
@Tag(name = "Notifications", description = "What was sent about an order")
@RequestMapping("/api/notifications")
class NotificationController {

	private final Notifications notifications;

	NotificationController(Notifications notifications) {
		this.notifications = notifications;
	}

	/**
	 * An order's notifications, to staff and operators; a customer sees only their own, so a
	 * stranger's order looks like an unknown one: an empty list.
	 */
	@GetMapping
	@Operation(summary = "An order's notifications; empty for an order that is not the caller's")
	List<NotificationView> forOrder(Caller caller, @RequestParam UUID orderId) {
		return notifications.forOrder(orderId)
			.stream()
			.filter(notification -> caller.maySee(notification.customerId()))
			.map(NotificationView::of)
			.toList();
	}

	record NotificationView(UUID notificationId, UUID orderId, UUID customerId, Notification.Kind kind,
			Notification.Status status, @Nullable String recipient, BigDecimal amount, String currency,
			@Nullable String reason, @Nullable BigDecimal refundedAmount, String messageId, int failedAttempts,
			@Nullable String lastError, Instant createdAt, Instant sendAfter, @Nullable Instant sentAt) {

		static NotificationView of(Notification n) {
			return new NotificationView(n.id(), n.orderId(), n.customerId(), n.kind(), n.status(), n.recipient(),
					Amounts.normalize(n.amount()), n.currency(), n.reason(),
					n.refundedAmount() == null ? null : Amounts.normalize(n.refundedAmount()), n.messageId(),
					n.attempts(), n.lastError(), n.createdAt(), n.sendAfter(), n.sentAt());
		}
	}
}
