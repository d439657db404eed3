package dev.ordersaga.order.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.ordersaga.order.admission.Admission;
import dev.ordersaga.order.admission.CustomerRateLimit;
import dev.ordersaga.order.saga.Order;
import dev.ordersaga.order.saga.OrderManagement;
import dev.ordersaga.servicesupport.web.ProblemDetailsExceptionHandler;

/** order-service's API errors as problem+json. */
@RestControllerAdvice
class ApiErrors extends ProblemDetailsExceptionHandler {

	@ExceptionHandler(OrderManagement.OrderNotFound.class)
	ProblemDetail notFound(OrderManagement.OrderNotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
	}

	@ExceptionHandler(OrderManagement.UnknownProducts.class)
	ProblemDetail unknownProducts(OrderManagement.UnknownProducts ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown products", ex.getMessage());
		problem.setProperty("skus", ex.skus());
		return problem;
	}

	@ExceptionHandler(OrderManagement.CurrencyMismatch.class)
	ProblemDetail currencyMismatch(OrderManagement.CurrencyMismatch ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Currency mismatch", ex.getMessage());
	}

	@ExceptionHandler(OrderManagement.IdempotencyKeyReused.class)
	ProblemDetail keyReused(OrderManagement.IdempotencyKeyReused ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused", ex.getMessage());
	}

	@ExceptionHandler(Admission.SagaBehind.class)
	ResponseEntity<ProblemDetail> sagaBehind(Admission.SagaBehind ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(problem(HttpStatus.TOO_MANY_REQUESTS, "Saga behind", ex.getMessage()));
	}

	@ExceptionHandler(CustomerRateLimit.TooFast.class)
	ResponseEntity<ProblemDetail> tooFast(CustomerRateLimit.TooFast ex) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()))
			.body(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many orders", ex.getMessage()));
	}

	@ExceptionHandler(Order.OrderAlreadyConfirmed.class)
	ProblemDetail confirmed(Order.OrderAlreadyConfirmed ex) {
		return problem(HttpStatus.CONFLICT, "Order confirmed", ex.getMessage());
	}
}
