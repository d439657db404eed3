package dev.ordersaga.messaging.admin;

import java.util.Locale;

import dev.ordersaga.messaging.inbox.InboxProcessor;

/** What replaying one parked event did. */
enum ReplayOutcome {

	/** The handler ran and committed. */
	APPLIED,

	/** The inbox already held the event (it was applied since it was parked): nothing ran. */
	DUPLICATE,

	/** This service has no handler for its type: nothing ran. */
	IGNORED,

	/** It was replayed before: nothing ran, the earlier replay is shown. */
	ALREADY_REPLAYED,

	/** It is still not a valid event of a handled type: nothing committed. */
	INVALID,

	/** Its handler still fails: nothing committed. */
	FAILED,

	/** An earlier parked event of the same aggregate failed in this job: it waits, to keep their order. */
	HELD_BACK;

	static ReplayOutcome of(InboxProcessor.Outcome outcome) {
		return switch (outcome) {
			case APPLIED -> APPLIED;
			case DUPLICATE -> DUPLICATE;
			case IGNORED -> IGNORED;
		};
	}

	/** @return whether the parked event now counts as replayed (a later replay does nothing) */
	boolean replayed() {
		return this == APPLIED || this == DUPLICATE || this == IGNORED || this == ALREADY_REPLAYED;
	}

	String tag() {
		return name().toLowerCase(Locale.ROOT);
	}
}
