package dev.ordersaga.messaging.admin;

import java.net.URI;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.messaging.inbox.InboxConsumer;
import dev.ordersaga.messaging.outbox.OutboxBacklog;
import dev.ordersaga.messaging.outbox.OutboxRelay;

/**
 * Operator view of a service's messaging, under {@code /admin/messaging}: is the outbox keeping
 * up, what did the inbox process and how far behind is it, which events are parked, and replaying them after a fix, once
 * each, with a record of who replayed what and when.
 * <p>
 * "Who" is the request's authenticated principal when there is one, else its {@value #OPERATOR_HEADER}
 * header, else {@value #ANONYMOUS}.
 */
@RestController
@RequestMapping("/admin/messaging")
class MessagingAdminController {

	static final String OPERATOR_HEADER = "X-Operator";

	static final String ANONYMOUS = "anonymous";

	private static final int MAX_PAGE_SIZE = 500;

	private static final int MAX_OPERATOR_LENGTH = 100;

	private static final String REPLAYS = "/admin/messaging/dead-letters/replays/";

	private final OutboxBacklog backlog;

	private final ObjectProvider<OutboxRelay> relay;

	private final DeadLetters deadLetters;

	private final DeadLetterReplay replay;

	private final ReplayJobs jobs;

	private final JdbcTemplate jdbc;

	private final ObjectProvider<InboxConsumer> consumer;

	MessagingAdminController(OutboxBacklog backlog, ObjectProvider<OutboxRelay> relay, DeadLetters deadLetters,
			DeadLetterReplay replay, ReplayJobs jobs, JdbcTemplate jdbc, ObjectProvider<InboxConsumer> consumer) {
		this.backlog = backlog;
		this.relay = relay;
		this.deadLetters = deadLetters;
		this.replay = replay;
		this.jobs = jobs;
		this.jdbc = jdbc;
		this.consumer = consumer;
	}

	@GetMapping("/status")
	Map<String, Object> status() {
		OutboxBacklog.Snapshot snapshot = backlog.read();
		OutboxRelay outboxRelay = relay.getIfAvailable();
		OutboxRelay.RelayError error = outboxRelay == null ? null : outboxRelay.lastError();
		Map<String, Object> outbox = new LinkedHashMap<>();
		outbox.put("relayRunning", outboxRelay != null && outboxRelay.isRunning());
		outbox.put("pending", snapshot.pending());
		outbox.put("parked", snapshot.parked());
		outbox.put("oldestPendingAgeSeconds", snapshot.oldestPendingAge().toMillis() / 1000.0);
		outbox.put("lastRelayError", error == null ? null : error.message());
		outbox.put("lastRelayErrorAt", error == null ? null : error.at());

		Map<String, Object> inboxCounts = new LinkedHashMap<>();
		jdbc.query("SELECT event_type, count(*) AS processed FROM inbox_event GROUP BY event_type ORDER BY event_type",
				rs -> {
					inboxCounts.put(rs.getString("event_type"), rs.getLong("processed"));
				});
		List<Map<String, Object>> watermarks = jdbc.queryForList("""
				SELECT consumer, topic, kafka_partition AS partition, applied_offset AS "appliedOffset",
				       updated_at AS "updatedAt"
				FROM inbox_partition_watermark ORDER BY consumer, topic, kafka_partition
				""");
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("outbox", outbox);
		status.put("inboxProcessedByEventType", inboxCounts);
		status.put("inboxWatermarks", watermarks);
		InboxConsumer inboxConsumer = consumer.getIfAvailable();
		status.put("consumerLag", inboxConsumer == null ? List.of() : inboxConsumer.lag().partitions());
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

	/**
	 * Replays one parked event, synchronously. Safe to repeat: once it was replayed, the answer is that
	 * earlier replay ({@code ALREADY_REPLAYED}) and nothing runs.
	 */
	@PostMapping("/dead-letters/{offset}/replay")
	ResponseEntity<?> replay(@PathVariable long offset, @Nullable Principal principal,
			@RequestHeader(name = OPERATOR_HEADER, required = false) @Nullable String operator) {
		Optional<DeadLetterReplay.Result> result = replay.earlier(offset)
			.or(() -> deadLetters.find(offset).map(parked -> replay.replay(parked, operator(principal, operator), null)));
		if (result.isEmpty()) {
			return problem(HttpStatus.NOT_FOUND, "No parked event",
					"No parked event at offset " + offset + " of " + deadLetters.topic());
		}
		DeadLetterReplay.Result replayed = result.get();
		if (!replayed.outcome().replayed()) {
			ResponseEntity<ProblemDetail> problem = problem(HttpStatus.UNPROCESSABLE_CONTENT,
					"Parked event still fails", replayed.error());
			ProblemDetail body = problem.getBody();
			if (body != null) {
				body.setProperty("offset", offset);
				body.setProperty("outcome", replayed.outcome().name());
			}
			return problem;
		}
		return ResponseEntity.ok(replayed);
	}

	/**
	 * Starts replaying every parked event not replayed yet, in offset order, off the request's thread;
	 * answers 202 with the job's address, or 409 while a job runs.
	 */
	@PostMapping("/dead-letters/replay")
	ResponseEntity<?> replayAll(@Nullable Principal principal,
			@RequestHeader(name = OPERATOR_HEADER, required = false) @Nullable String operator) {
		ReplayJobs.Start start = jobs.start(operator(principal, operator));
		URI location = URI.create(REPLAYS + start.job().id());
		if (start.started()) {
			return ResponseEntity.accepted().location(location).body(start.job());
		}
		ResponseEntity<ProblemDetail> problem = problem(HttpStatus.CONFLICT, "A replay is running",
				"Replay job " + start.job().id() + " started by " + start.job().requestedBy() + " at "
						+ start.job().startedAt() + " is still running; follow it at " + location);
		ProblemDetail body = problem.getBody();
		if (body != null) {
			body.setProperty("runningJob", start.job().id());
			body.setProperty("runningJobLocation", location);
		}
		return problem;
	}

	@GetMapping("/dead-letters/replays/{id}")
	ResponseEntity<?> replayJob(@PathVariable String id) {
		return parseUuid(id).flatMap(jobs::find)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> problem(HttpStatus.NOT_FOUND, "No replay job", "No replay job " + id));
	}

	/** The authenticated principal, else the operator header (cleaned up), else anonymous. */
	static String operator(@Nullable Principal principal, @Nullable String header) {
		if (principal != null && principal.getName() != null && !principal.getName().isBlank()) {
			return principal.getName();
		}
		String named = header == null ? "" : header.replaceAll("\\p{Cntrl}", "").strip();
		if (named.isEmpty()) {
			return ANONYMOUS;
		}
		return named.length() > MAX_OPERATOR_LENGTH ? named.substring(0, MAX_OPERATOR_LENGTH) : named;
	}

	private static Optional<UUID> parseUuid(String id) {
		try {
			return Optional.of(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail == null ? title : detail);
		problem.setTitle(title);
		problem.setType(URI.create("about:blank"));
		return ResponseEntity.status(status).body(problem);
	}
}
