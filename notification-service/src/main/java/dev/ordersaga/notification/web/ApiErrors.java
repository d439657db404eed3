package dev.ordersaga.notification.web;

import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.ordersaga.servicesupport.web.ProblemDetailsExceptionHandler;

/** notification-service's API errors as problem+json: it has none of its own beyond {@code NotFound}. */
@RestControllerAdvice
class ApiErrors extends ProblemDetailsExceptionHandler {
}
