package dev.ordersaga.analytics.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.ordersaga.analytics.console.TooManyConsoles;
import dev.ordersaga.analytics.rebuild.RebuildAlreadyRunning;
import dev.ordersaga.analytics.rebuild.RebuildFailed;
import dev.ordersaga.analytics.summary.InvalidPeriod;
import dev.ordersaga.servicesupport.web.ProblemDetailsExceptionHandler;

/** analytics-service's API errors as problem+json. */
@RestControllerAdvice
class ApiErrors extends ProblemDetailsExceptionHandler {

	@ExceptionHandler(NotFound.class)
	ProblemDetail notFound(NotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "Not found", ex.getMessage());
	}

	@ExceptionHandler(InvalidPeriod.class)
	ProblemDetail invalidPeriod(InvalidPeriod ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid period", ex.getMessage());
	}

	@ExceptionHandler(RebuildAlreadyRunning.class)
	ProblemDetail rebuildRunning(RebuildAlreadyRunning ex) {
		return problem(HttpStatus.CONFLICT, "Rebuild already running", ex.getMessage());
	}

	@ExceptionHandler(RebuildFailed.class)
	ProblemDetail rebuildFailed(RebuildFailed ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Rebuild failed", ex.getMessage());
	}

	@ExceptionHandler(TooManyConsoles.class)
	ProblemDetail tooManyConsoles(TooManyConsoles ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many consoles", ex.getMessage());
	}
}
