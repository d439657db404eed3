package dev.ordersaga.analytics.timeline.web;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.analytics.timeline.Timeline;
import dev.ordersaga.analytics.timeline.Timelines;
import dev.ordersaga.servicesupport.web.NotFound;

/** {@code /api/analytics/orders/{orderId}/timeline}: one order's saga, step by step. */
@RestController
@Tag(name = "Analytics", description = "Read models of the saga")
@RequestMapping("/api/analytics/orders")
class TimelineController {

	private final Timelines timelines;

	TimelineController(Timelines timelines) {
		this.timelines = timelines;
	}

	@GetMapping("/{orderId}/timeline")
	@Operation(summary = "Every event of one order's saga: which service, when")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "No event of this order was recorded")
	Timeline timeline(@PathVariable UUID orderId) {
		return timelines.of(orderId).orElseThrow(() -> new NotFound("No event of order " + orderId + " was recorded"));
	}
}
