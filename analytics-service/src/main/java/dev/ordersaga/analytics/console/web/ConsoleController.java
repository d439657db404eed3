package dev.ordersaga.analytics.console.web;

import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.ordersaga.analytics.console.ConsoleLogin;
import dev.ordersaga.analytics.console.ConsoleOrder;
import dev.ordersaga.analytics.console.ConsoleOrders;
import dev.ordersaga.analytics.console.ConsoleSettings;
import dev.ordersaga.analytics.console.Funnel;
import dev.ordersaga.analytics.console.MessagingPanel;
import dev.ordersaga.analytics.console.OrderFeed;
import dev.ordersaga.servicesupport.web.NotFound;

/**
 * {@code /api/analytics/console}: what the saga console ({@code /console/}) shows. Orders, their
 * live feed and the funnel for staff and operators; every service's messaging, the replay of dead
 * letters and the retry or discard of parked outbox rows for operators, whose token is passed on to
 * the services' admin APIs; and, for anyone, where the page logs in.
 */
@RestController
@RequestMapping("/api/analytics/console")
class ConsoleController {

	private final ConsoleOrders orders;

	private final OrderFeed feed;

	private final MessagingPanel messaging;

	private final ConsoleSettings settings;

	private final ConsoleLogin login;

	ConsoleController(ConsoleOrders orders, OrderFeed feed, MessagingPanel messaging, ConsoleSettings settings,
			Environment environment) {
		this.orders = orders;
		this.feed = feed;
		this.messaging = messaging;
		this.settings = settings;
		this.login = ConsoleLogin.of(settings, environment);
	}

	/** The newest orders, at most {@code analytics.console.snapshot-limit}. */
	@GetMapping("/orders")
	List<ConsoleOrder> orders(@RequestParam(defaultValue = "10000") int limit) {
		return orders.newest(Math.max(1, Math.min(limit, settings.snapshotLimit())));
	}

	/** Server-sent events: {@code hello}, then {@code orders} (a JSON array of changed orders) and {@code reload}. */
	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream() {
		return feed.subscribe();
	}

	@GetMapping("/funnel")
	Funnel funnel(@RequestParam(defaultValue = "5") int minutes) {
		return orders.funnel(Math.max(1, Math.min(minutes, 24 * 60)));
	}

	@GetMapping("/services")
	List<MessagingPanel.ServiceMessaging> services(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
		return messaging.services(authorization);
	}

	/** Replays one dead letter of a service; answers with the service's own answer. */
	@PostMapping("/services/{service}/dead-letters/{offset}/replay")
	ResponseEntity<JsonNode> replay(@PathVariable String service, @PathVariable long offset,
			@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
		MessagingPanel.Answer answer = messaging.replay(service, offset, authorization)
			.orElseThrow(() -> new NotFound("No service " + service + " in the console"));
		HttpStatus status = answer.status() == 0 ? HttpStatus.BAD_GATEWAY : HttpStatus.valueOf(answer.status());
		return ResponseEntity.status(status).body(answer.body());
	}

	/** Retries or discards one parked outbox row of a service; answers with the service's own answer. */
	@PostMapping("/services/{service}/outbox/parked/{position}/{action:retry|discard}")
	ResponseEntity<JsonNode> parkedRow(@PathVariable String service, @PathVariable long position,
			@PathVariable String action, @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
		MessagingPanel.Answer answer = messaging
			.parkedRow(service, position, MessagingPanel.ParkedRowAction.valueOf(action.toUpperCase(Locale.ROOT)),
					authorization)
			.orElseThrow(() -> new NotFound("No service " + service + " in the console"));
		HttpStatus status = answer.status() == 0 ? HttpStatus.BAD_GATEWAY : HttpStatus.valueOf(answer.status());
		return ResponseEntity.status(status).body(answer.body());
	}

	/**
	 * Public: where the page sends staff and operators to log in (authorization code with PKCE, the
	 * public {@code console} client) and exchanges the code. No secret in it.
	 */
	@GetMapping("/login")
	ConsoleLogin login() {
		return login;
	}
}
