package dev.ordersaga.inventory.web;

import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.ordersaga.servicesupport.web.ProblemDetailsExceptionHandler;

/** inventory-service's API errors as problem+json: it has none of its own beyond {@code NotFound}. */
@RestControllerAdvice
class ApiErrors extends ProblemDetailsExceptionHandler {
}
