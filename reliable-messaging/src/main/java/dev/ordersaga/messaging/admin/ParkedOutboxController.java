package dev.ordersaga.messaging.admin;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.messaging.outbox.ParkedOutboxEvents;

/**
 * Operator view of the outbox rows the relay parked, under {@code /admin/messaging/outbox/parked}:
 * list them, retry one once its cause is fixed, or discard one that can never be published.
 */
@RestController
@RequestMapping("/admin/messaging/outbox/parked")
class ParkedOutboxController {

	private static final int MAX_PAGE_SIZE = 500;

	private final ParkedOutboxEvents parked;

	ParkedOutboxController(ParkedOutboxEvents parked) {
		this.parked = parked;
	}

	@GetMapping
	ResponseEntity<?> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
			return problem(HttpStatus.BAD_REQUEST, "Invalid page",
					"page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
		}
		return ResponseEntity.ok(new Page(page, size, parked.count(), parked.list(page, size)));
	}

	@PostMapping("/{position}/retry")
	ResponseEntity<?> retry(@PathVariable long position) {
		return parked.retry(position) ? ResponseEntity.ok(new Action(position, "RETRYING"))
				: notParked(position);
	}

	@PostMapping("/{position}/discard")
	ResponseEntity<?> discard(@PathVariable long position) {
		return parked.discard(position) ? ResponseEntity.ok(new Action(position, "DISCARDED"))
				: notParked(position);
	}

	private static ResponseEntity<ProblemDetail> notParked(long position) {
		return problem(HttpStatus.NOT_FOUND, "No parked outbox row",
				"No parked outbox row at position " + position + " (never parked, retried, discarded or published)");
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("about:blank"));
		return ResponseEntity.status(status).body(problem);
	}

	/**
	 * One page of parked rows.
	 * @param page zero-based page
	 * @param size requested size
	 * @param total parked rows in all
	 * @param events this page's rows
	 */
	record Page(int page, int size, long total, List<ParkedOutboxEvents.ParkedEvent> events) {
	}

	/**
	 * What an operator's action did.
	 * @param position the row
	 * @param outcome {@code RETRYING} (back in the claim) or {@code DISCARDED} (gone for good)
	 */
	record Action(long position, String outcome) {
	}
}
