package dev.ordersaga.analytics.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.ordersaga.analytics.console.TooManyConsoles;
import dev.ordersaga.analytics.rebuild.RebuildAlreadyRunning;
import dev.ordersaga.analytics.rebuild.RebuildFailed;
import dev.ordersaga.analytics.summary.InvalidPeriod;
import dev.ordersaga.servicesupport.web.ProblemDetailsExceptionHandler;

/** analytics-service's API errors as problem+json. */
@RestControllerAdvice
class ApiErrors extends ProblemDetailsExceptionHandler {

	ApiErrors() {
		super(answer(InvalidPeriod.class, HttpStatus.BAD_REQUEST, "Invalid period"),
				answer(RebuildAlreadyRunning.class, HttpStatus.CONFLICT, "Rebuild already running"),
				answer(RebuildFailed.class, HttpStatus.SERVICE_UNAVAILABLE, "Rebuild failed"),
				answer(TooManyConsoles.class, HttpStatus.SERVICE_UNAVAILABLE, "Too many consoles"));
	}
}
