package dev.ordersaga.servicesupport.web;

import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The API errors of a service with no domain exception of its own to answer. */
@RestControllerAdvice
class ServiceApiErrors extends ProblemDetailsExceptionHandler {
}
