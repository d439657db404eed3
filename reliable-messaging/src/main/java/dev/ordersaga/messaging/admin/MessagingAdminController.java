package dev.ordersaga.messaging.admin;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.contracts.InvalidEventException;
import dev.ordersaga.messaging.inbox.InboxProcessor;
import dev.ordersaga.messaging.outbox.OutboxBacklog;
import dev.ordersaga.messaging.outbox.OutboxRelay;

/**
 * Operator view of a service's messaging, under {@code /admin/messaging}: is the outbox keeping
 * up, what did the inbox process, which events are parked, and replaying them after a fix.
 */
@RestController
@RequestMapping("/admin/messaging")
class MessagingAdminController {

	private static final int MAX_PAGE_SIZE = 500;

	private final OutboxBacklog backlog;

	private final ObjectProvider<OutboxRelay> relay;

	private final DeadLetters deadLetters;

	private final InboxProcessor inbox;

	private final JdbcTemplate jdbc;

	MessagingAdminController(OutboxBacklog backlog, ObjectProvider<OutboxRelay> relay, DeadLetters deadLetters,
			InboxProcessor inbox, JdbcTemplate jdbc) {
		this.backlog = backlog;
		this.relay = relay;
		this.deadLetters = deadLetters;
		this.inbox = inbox;
		this.jdbc = jdbc;
	}

	@GetMapping("/status")
	Map<String, Object> status() {
		OutboxBacklog.Snapshot snapshot = backlog.read();
		OutboxRelay outboxRelay = relay.getIfAvailable();
		OutboxRelay.RelayError error = outboxRelay == null ? null : outboxRelay.lastError();
		Map<String, Object> outbox = new LinkedHashMap<>();
		outbox.put("relayRunning", outboxRelay != null && outboxRelay.isRunning());
		outbox.put("pending", snapshot.pending());
		outbox.put("oldestPendingAgeSeconds", snapshot.oldestPendingAge().toMillis() / 1000.0);
		outbox.put("lastRelayError", error == null ? null : error.message());
		outbox.put("lastRelayErrorAt", error == null ? null : error.at());

		Map<String, Object> inboxCounts = new LinkedHashMap<>();
		jdbc.query("SELECT event_type, count(*) AS processed FROM inbox_event GROUP BY event_type ORDER BY event_type",
				rs -> {
					inboxCounts.put(rs.getString("event_type"), rs.getLong("processed"));
				});
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("outbox", outbox);
		status.put("inboxProcessedByEventType", inboxCounts);
		status.put("deadLetterTopic", deadLetters.topic());
		return status;
	}

	@GetMapping("/dead-letters")
	ResponseEntity<?> deadLetters(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
			return problem(HttpStatus.BAD_REQUEST, "Invalid page",
					"page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
		}
		return ResponseEntity.ok(deadLetters.list(page, size));
	}

	@PostMapping("/dead-letters/{offset}/replay")
	ResponseEntity<?> replay(@PathVariable long offset) {
		return deadLetters.find(offset)
			.<ResponseEntity<?>>map(parked -> {
				Replay replay = replay(parked);
				return replay.error() == null ? ResponseEntity.ok(replay)
						: problem(HttpStatus.UNPROCESSABLE_CONTENT, "Parked event still fails", replay.error());
			})
			.orElseGet(() -> problem(HttpStatus.NOT_FOUND, "No parked event",
					"No parked event at offset " + offset + " of " + deadLetters.topic()));
	}

	@PostMapping("/dead-letters/replay")
	Map<String, Object> replayAll() {
		List<Replay> replays = new ArrayList<>();
		int page = 0;
		DeadLetters.Page current;
		do {
			current = deadLetters.list(page++, MAX_PAGE_SIZE);
			for (DeadLetters.ParkedEvent event : current.events()) {
				deadLetters.find(event.offset()).ifPresent(parked -> replays.add(replay(parked)));
			}
		}
		while (!current.events().isEmpty() && (long) page * MAX_PAGE_SIZE < current.total());
		Map<String, Long> byOutcome = new LinkedHashMap<>();
		replays.forEach(replay -> byOutcome.merge(replay.outcome(), 1L, Long::sum));
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("replayed", replays.size());
		result.put("byOutcome", byOutcome);
		result.put("failures", replays.stream().filter(replay -> replay.error() != null).toList());
		return result;
	}

	private Replay replay(ConsumerRecord<String, byte[]> parked) {
		try {
			InboxProcessor.Outcome outcome = inbox.process(DeadLetters.original(parked));
			return new Replay(parked.offset(), outcome.name(), null, Instant.now());
		}
		catch (InvalidEventException ex) {
			return new Replay(parked.offset(), "INVALID", ex.getMessage(), Instant.now());
		}
		catch (RuntimeException ex) {
			return new Replay(parked.offset(), "FAILED", ex.getClass().getSimpleName() + ": " + ex.getMessage(),
					Instant.now());
		}
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail == null ? title : detail);
		problem.setTitle(title);
		problem.setType(URI.create("about:blank"));
		return ResponseEntity.status(status).body(problem);
	}

	/**
	 * The result of replaying one parked event.
	 * @param offset its offset in the dead-letter topic
	 * @param outcome APPLIED, DUPLICATE, IGNORED, INVALID or FAILED
	 * @param error why it failed again, {@literal null} when it did not
	 * @param at when it was replayed
	 */
	record Replay(long offset, String outcome, @Nullable String error, Instant at) {
	}
}
