package dev.ordersaga.order.saga.web;

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

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.order.admission.CustomerRateLimit;
import dev.ordersaga.order.saga.Order;
import dev.ordersaga.order.saga.Order.CancellationReason;
import dev.ordersaga.order.saga.OrderManagement;
import dev.ordersaga.order.saga.Orders;
import dev.ordersaga.order.saga.SagaSteps;
import dev.ordersaga.servicesupport.security.Caller;
import dev.ordersaga.servicesupport.web.PageView;

/** {@code /api/orders}: place, follow and cancel orders. */
@RestController
@Tag(name = "Orders", description = "Place, follow and cancel orders")
@RequestMapping("/api/orders")
class OrderController {

	private final OrderManagement management;

	private final Orders orders;

	private final SagaSteps steps;

	private final CustomerRateLimit rateLimit;

	OrderController(OrderManagement management, Orders orders, SagaSteps steps, CustomerRateLimit rateLimit) {
		this.management = management;
		this.orders = orders;
		this.steps = steps;
		this.rateLimit = rateLimit;
	}

	/**
	 * Accepts a customer's order; the saga decides it asynchronously, so poll the Location. The
	 * customer is the token's subject, never the body.
	 */
	@PostMapping
	@Operation(summary = "Place an order for the calling customer; the saga decides it, so poll the Location")
	@ApiResponse(responseCode = "202", description = "Accepted: the order is PENDING; Location says where to poll", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "403", description = "Not a customer, or customerId names another customer than the token's")
	@ApiResponse(responseCode = "422", description = "Unknown products, products priced in another currency than the order's, or an Idempotency-Key reused for another order")
	@ApiResponse(responseCode = "429", description = "Too many orders from this customer, or the saga is behind; Retry-After says when to try again")
	ResponseEntity<Placed> place(Caller caller, @Valid @RequestBody PlaceOrderRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable @Size(min = 1, max = 200) String idempotencyKey) {
		UUID customer = caller.customerId().orElseThrow(() -> new NotACustomer());
		if (request.customerId() != null && !request.customerId().equals(customer)) {
			throw new NotACustomer();
		}
		rateLimit.take(customer);
		Order order = management.place(request.toCommand(customer), idempotencyKey);
		return ResponseEntity.accepted()
			.location(URI.create("/api/orders/" + order.id()))
			.body(new Placed(order.id(), order.status()));
	}

	/** An order, to its customer, staff and operators; anyone else is told it does not exist. */
	@GetMapping("/{orderId}")
	@Operation(summary = "An order with the saga steps so far")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "No such order, or not the caller's")
	OrderView get(Caller caller, @PathVariable UUID orderId) {
		Order order = visible(caller, orderId);
		return OrderView.of(order, steps.findByOrderIdOrderByOccurredAt(orderId)
			.stream()
			.map(step -> new StepView(step.eventType(), step.producer(), step.occurredAt()))
			.toList());
	}

	/** Orders, newest first: a customer's own, or anyone's for staff and operators. */
	@GetMapping
	@Operation(summary = "Orders, newest first: the customer's own, anyone's for staff and operators")
	PageView<OrderSummary> list(Caller caller, @RequestParam(required = false) @Nullable UUID customerId,
			@RequestParam(required = false) Order.@Nullable Status status,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
		if (!caller.seesEveryone()) {
			UUID own = caller.customerId().orElseThrow(() -> new NotACustomer());
			if (customerId != null && !customerId.equals(own)) {
				return PageView.of(List.of(), page, size, 0);
			}
			customerId = own;
		}
		Page<Order> found = orders.search(customerId, status, PageRequest.of(page, size));
		return PageView.of(found.getContent().stream().map(OrderSummary::of).toList(), page, size,
				found.getTotalElements());
	}

	/** A customer cancels their own order; staff cancel any. */
	@PostMapping("/{orderId}/cancel")
	@Operation(summary = "Cancel an order that is not yet confirmed (its customer, or staff)")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "No such order, or not the caller's")
	@ApiResponse(responseCode = "409", description = "The order is confirmed already")
	OrderSummary cancel(Caller caller, @PathVariable UUID orderId) {
		Order order = visible(caller, orderId);
		if (!caller.staff() && !caller.is(order.customerId())) {
			throw new OrderManagement.OrderNotFound(orderId);
		}
		return OrderSummary.of(management.cancel(orderId));
	}

	@ExceptionHandler
	ProblemDetail notACustomer(NotACustomer ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
		problem.setTitle("Not a customer");
		return problem;
	}

	private Order visible(Caller caller, UUID orderId) {
		return orders.findById(orderId)
			.filter(order -> caller.maySee(order.customerId()))
			.orElseThrow(() -> new OrderManagement.OrderNotFound(orderId));
	}

	/**
	 * @param customerId may be left out: the customer is the token's subject; when given, it must be
	 * that customer
	 */
	record PlaceOrderRequest(@Nullable UUID customerId,
			@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
			@NotEmpty @Size(max = 100) List<@Valid @NotNull LineRequest> lines,
			@Nullable @Email @Size(max = 254) String customerEmail) {

		OrderManagement.PlaceOrder toCommand(UUID customer) {
			return new OrderManagement.PlaceOrder(customer, currency,
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

	/** Orders are placed by customers, for themselves. */
	static final class NotACustomer extends RuntimeException {

		NotACustomer() {
			super("Orders are placed by customers for themselves: sign in as the customer (the token's subject "
					+ "is the customer id; leave customerId out of the body or send that one)");
		}
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
