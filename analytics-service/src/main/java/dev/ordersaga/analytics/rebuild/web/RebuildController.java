package dev.ordersaga.analytics.rebuild.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.analytics.rebuild.ReadModelRebuild;
import dev.ordersaga.analytics.rebuild.RebuildReport;

/** {@code /api/analytics/rebuild}: rebuild the read models from the saga topics. */
@RestController
@Tag(name = "Analytics", description = "Read models of the saga")
@RequestMapping("/api/analytics/rebuild")
class RebuildController {

	private final ReadModelRebuild rebuild;

	RebuildController(ReadModelRebuild rebuild) {
		this.rebuild = rebuild;
	}

	/** Answers when the replay is done; 409 while another rebuild runs. */
	@PostMapping
	@Operation(summary = "Rebuild the read models from the saga topics (operators); answers when done")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "409", description = "Another rebuild is running")
	@ApiResponse(responseCode = "503", description = "The rebuild stopped before the end of the topics (Kafka, the database or the timeout); run it again")
	RebuildReport rebuild() {
		return rebuild.rebuild();
	}
}
