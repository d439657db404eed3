package dev.ordersaga.analytics.summary.web;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.analytics.summary.SagaFigures;
import dev.ordersaga.analytics.summary.SagaSummary;

/** {@code /api/analytics/summary}: the saga's figures. */
@RestController
@RequestMapping("/api/analytics/summary")
class SummaryController {

	private final SagaFigures figures;

	SummaryController(SagaFigures figures) {
		this.figures = figures;
	}

	/** All orders, or those placed in {@code [from, to)} (ISO-8601 instants, either may be left out). */
	@GetMapping
	SagaSummary summary(@RequestParam(required = false) @Nullable Instant from,
			@RequestParam(required = false) @Nullable Instant to) {
		return figures.summary(from, to);
	}
}
