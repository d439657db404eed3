package dev.ordersaga.analytics.summary.web;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.analytics.summary.SagaFigures;
import dev.ordersaga.analytics.summary.SagaSummary;

/** {@code /api/analytics/summary}: the saga's figures. */
@RestController
@Tag(name = "Analytics", description = "Read models of the saga")
@RequestMapping("/api/analytics/summary")
class SummaryController {

	private final SagaFigures figures;

	SummaryController(SagaFigures figures) {
		this.figures = figures;
	}

	/** All orders, or those placed in {@code [from, to)} (ISO-8601 instants, either may be left out). */
	@GetMapping
	@Operation(summary = "Saga figures: orders by status, revenue, refunds, cancellation reasons, units sold, saga durations; optionally for a period")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "400", description = "Invalid parameters, or a period whose from is not before its to")
	SagaSummary summary(@RequestParam(required = false) @Nullable Instant from,
			@RequestParam(required = false) @Nullable Instant to) {
		return figures.summary(from, to);
	}
}
