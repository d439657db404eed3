package dev.ordersaga.inventory.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.ordersaga.servicesupport.web.ProblemDetailsExceptionHandler;

/** inventory-service's API errors as problem+json. */
@RestControllerAdvice
class ApiErrors extends ProblemDetailsExceptionHandler {

	@ExceptionHandler(NotFound.class)
	ProblemDetail notFound(NotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
	}
}
