package dev.ordersaga.analytics.timeline.web;

import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.analytics.timeline.Timeline;
import dev.ordersaga.analytics.timeline.Timelines;
import dev.ordersaga.analytics.web.NotFound;

/** {@code /api/analytics/orders/{orderId}/timeline}: one order's saga, step by step. */
@RestController
@RequestMapping("/api/analytics/orders")
class TimelineController {

	private final Timelines timelines;

	TimelineController(Timelines timelines) {
		this.timelines = timelines;
	}

	@GetMapping("/{orderId}/timeline")
	Timeline timeline(@PathVariable UUID orderId) {
		return timelines.of(orderId).orElseThrow(() -> new NotFound("No event of order " + orderId + " was recorded"));
	}
}
