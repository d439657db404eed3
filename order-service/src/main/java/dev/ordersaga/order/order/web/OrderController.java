package dev.ordersaga.order.order.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.contracts.order.v1.CancellationReason;
import dev.ordersaga.order.order.Order;
import dev.ordersaga.order.order.OrderManagement;
import dev.ordersaga.order.order.Orders;
import dev.ordersaga.order.order.SagaSteps;
import dev.ordersaga.servicesupport.web.PageView;

/** {@code /api/orders}: place, follow and cancel orders. */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	private final OrderManagement management;

	private final Orders orders;

	private final SagaSteps steps;

	OrderController(OrderManagement management, Orders orders, SagaSteps steps) {
		this.management = management;
		this.orders = orders;
		this.steps = steps;
	}

	/** Accepts the order; the saga decides it asynchronously, so poll the Location. */
	@PostMapping
	ResponseEntity<Placed> place(@Valid @RequestBody PlaceOrderRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable @Size(min = 1, max = 200) String idempotencyKey) {
		Order order = management.place(request.toCommand(), idempotencyKey);
		return ResponseEntity.accepted()
			.location(URI.create("/api/orders/" + order.id()))
			.body(new Placed(order.id(), order.status()));
	}

	@GetMapping("/{orderId}")
	OrderView get(@PathVariable UUID orderId) {
		Order order = orders.findById(orderId).orElseThrow(() -> new OrderManagement.OrderNotFound(orderId));
		return OrderView.of(order, steps.findByOrderIdOrderByOccurredAt(orderId)
			.stream()
			.map(step -> new StepView(step.eventType(), step.producer(), step.occurredAt()))
			.toList());
	}

	@GetMapping
	PageView<OrderSummary> list(@RequestParam(required = false) @Nullable UUID customerId,
			@RequestParam(required = false) Order.@Nullable Status status,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		Page<Order> found = orders.search(customerId, status, PageRequest.of(page, size));
		return PageView.of(found.getContent().stream().map(OrderSummary::of).toList(), page, size,
				found.getTotalElements());
	}

	@PostMapping("/{orderId}/cancel")
	OrderSummary cancel(@PathVariable UUID orderId) {
		return OrderSummary.of(management.cancel(orderId));
	}

	record PlaceOrderRequest(@NotNull UUID customerId,
			@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
			@NotEmpty @Size(max = 100) List<@Valid @NotNull LineRequest> lines,
			@Nullable @Email @Size(max = 254) String customerEmail) {

		OrderManagement.PlaceOrder toCommand() {
			return new OrderManagement.PlaceOrder(customerId, currency,
					lines.stream().map(line -> new OrderManagement.PlaceOrder.Line(line.sku(), line.quantity())).toList(),
					customerEmail);
		}

		@jakarta.validation.constraints.AssertTrue(message = "must not name a sku twice")
		boolean isLinesDistinct() {
			return lines == null || lines.stream().map(LineRequest::sku).distinct().count() == lines.size();
		}
	}

	record LineRequest(@NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}", message = "is not a sku") String sku,
			@NotNull @Positive @Max(10_000) Integer quantity) {
	}

	record Placed(UUID orderId, Order.Status status) {
	}

	record StepView(String eventType, String producer, Instant occurredAt) {
	}

	record LineView(String sku, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {
	}

	record OrderView(UUID orderId, UUID customerId, Order.Status status, @Nullable CancellationReason reason,
			String currency, BigDecimal total, List<LineView> lines, Instant placedAt, List<StepView> steps) {

		static OrderView of(Order order, List<StepView> steps) {
			return new OrderView(order.id(), order.customerId(), order.status(), order.cancelReason(), order.currency(),
					order.total(), order.lines()
						.stream()
						.map(line -> new LineView(line.sku(), line.quantity(), line.unitPrice(), line.total()))
						.toList(),
					order.placedAt(), steps);
		}
	}

	record OrderSummary(UUID orderId, UUID customerId, Order.Status status, @Nullable CancellationReason reason,
			String currency, BigDecimal total, Instant placedAt) {

		static OrderSummary of(Order order) {
			return new OrderSummary(order.id(), order.customerId(), order.status(), order.cancelReason(),
					order.currency(), order.total(), order.placedAt());
		}
	}
}
