package dev.ordersaga.analytics.rebuild.web;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.analytics.rebuild.ReadModelRebuild;
import dev.ordersaga.analytics.rebuild.RebuildReport;

/** {@code /api/analytics/rebuild}: rebuild the read models from the saga topics. */
@RestController
@RequestMapping("/api/analytics/rebuild")
class RebuildController {

	private final ReadModelRebuild rebuild;

	RebuildController(ReadModelRebuild rebuild) {
		this.rebuild = rebuild;
	}

	/** Answers when the replay is done; 409 while another rebuild runs. */
	@PostMapping
	RebuildReport rebuild() {
		return rebuild.rebuild();
	}
}
