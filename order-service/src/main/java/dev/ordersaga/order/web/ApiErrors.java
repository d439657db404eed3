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

	ApiErrors() {
		super(answer(OrderManagement.OrderNotFound.class, HttpStatus.NOT_FOUND, "Not found"),
				answer(OrderManagement.CurrencyMismatch.class, HttpStatus.UNPROCESSABLE_CONTENT, "Currency mismatch"),
				answer(OrderManagement.IdempotencyKeyReused.class, HttpStatus.UNPROCESSABLE_CONTENT,
						"Idempotency key reused"),
				answer(Order.OrderAlreadyConfirmed.class, HttpStatus.CONFLICT, "Order confirmed"));
	}

	@ExceptionHandler(OrderManagement.UnknownProducts.class)
	ProblemDetail unknownProducts(OrderManagement.UnknownProducts ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown products", ex.getMessage());
		problem.setProperty("skus", ex.skus());
		return problem;
	}

	@ExceptionHandler(Admission.SagaBehind.class)
	ResponseEntity<ProblemDetail> sagaBehind(Admission.SagaBehind ex) {
		return tooManyRequests("Saga behind", ex, ex.retryAfterSeconds());
	}

	@ExceptionHandler(CustomerRateLimit.TooFast.class)
	ResponseEntity<ProblemDetail> tooFast(CustomerRateLimit.TooFast ex) {
		return tooManyRequests("Too many orders", ex, ex.retryAfterSeconds());
	}

	private static ResponseEntity<ProblemDetail> tooManyRequests(String title, RuntimeException ex,
			long retryAfterSeconds) {
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
			.body(problem(HttpStatus.TOO_MANY_REQUESTS, title, ex.getMessage()));
	}
}
