package dev.ordersaga.messaging.admin;

import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ordersaga.contracts.InvalidEventException;
import dev.ordersaga.messaging.inbox.InboxProcessor;

/**
 * Replays one parked event through the inbox, once: the {@link ReplayLedger} row is claimed and
 * completed in the inbox transaction, so a replay that committed is answered with its record the
 * next time, and one that failed left no mark. Counts {@code dead.letters.replayed} by outcome.
 */
class DeadLetterReplay {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);

	static final String REPLAYED = "dead.letters.replayed";

	private final InboxProcessor inbox;

	private final ReplayLedger ledger;

	private final MeterRegistry meters;

	DeadLetterReplay(InboxProcessor inbox, ReplayLedger ledger, MeterRegistry meters) {
		this.inbox = inbox;
		this.ledger = ledger;
		this.meters = meters;
		// At zero from the start, so that a dashboard's increase() sees the first replay.
		for (ReplayOutcome outcome : ReplayOutcome.values()) {
			meters.counter(REPLAYED, "outcome", outcome.tag());
		}
	}

	/**
	 * @param offset a parked event's offset
	 * @return its earlier replay as a result, if it was replayed
	 */
	Optional<Result> earlier(long offset) {
		return ledger.find(offset).map(replayed -> counted(new Result(offset, ReplayOutcome.ALREADY_REPLAYED, replayed, null)));
	}

	/**
	 * @param parked the record as read from the dead-letter topic, must not be {@literal null}
	 * @param replayedBy who asks, must not be {@literal null}
	 * @param jobId the replay-all job, {@literal null} for a single replay
	 * @return what the replay did, never {@literal null}
	 */
	Result replay(ConsumerRecord<String, byte[]> parked, String replayedBy, @Nullable UUID jobId) {
		long offset = parked.offset();
		Optional<Result> earlier = earlier(offset);
		if (earlier.isPresent()) {
			return earlier.get();
		}
		ConsumerRecord<String, byte[]> original = DeadLetters.original(parked);
		try {
			Optional<InboxProcessor.Outcome> outcome = inbox.replay(original, new InboxProcessor.OnceOnly() {

				@Override
				public boolean claim(@Nullable UUID eventId) {
					return ledger.claim(offset, original, eventId, replayedBy, jobId);
				}

				@Override
				public void complete(InboxProcessor.Outcome outcome) {
					ledger.complete(offset, outcome);
				}
			});
			DeadLetters.Replayed replayed = ledger.find(offset)
				.orElseThrow(() -> new IllegalStateException("The replay of offset " + offset + " left no record"));
			ReplayOutcome result = outcome.map(ReplayOutcome::of).orElse(ReplayOutcome.ALREADY_REPLAYED);
			log.info("Replayed the parked event at offset {} ({}-{}@{}) for {}: {}", offset, original.topic(),
					original.partition(), original.offset(), replayedBy, result);
			return counted(new Result(offset, result, replayed, null));
		}
		catch (InvalidEventException ex) {
			return counted(new Result(offset, ReplayOutcome.INVALID, null, ex.getMessage()));
		}
		catch (RuntimeException ex) {
			log.warn("Replaying parked event at offset {} failed again: {}", offset, ex.toString());
			return counted(new Result(offset, ReplayOutcome.FAILED, null, ex.getClass().getSimpleName() + ": "
					+ ex.getMessage()));
		}
	}

	/**
	 * @param offset a parked event's offset
	 * @param blocker the offset of the earlier parked event of its aggregate that failed
	 * @return the result of not replaying it, never {@literal null}
	 */
	Result heldBack(long offset, long blocker) {
		return counted(new Result(offset, ReplayOutcome.HELD_BACK, null,
				"Waits for the earlier parked event of its aggregate at offset " + blocker + ", which failed"));
	}

	private Result counted(Result result) {
		meters.counter(REPLAYED, "outcome", result.outcome().tag()).increment();
		return result;
	}

	/**
	 * What replaying one parked event did.
	 * @param offset its offset in the dead-letter topic
	 * @param outcome what happened
	 * @param replay the recorded replay (this one, or the earlier one when {@code ALREADY_REPLAYED}),
	 * {@literal null} when it was not replayed
	 * @param error why it was not replayed, {@literal null} when it was
	 */
	record Result(long offset, ReplayOutcome outcome, DeadLetters.@Nullable Replayed replay, @Nullable String error) {
	}
}
