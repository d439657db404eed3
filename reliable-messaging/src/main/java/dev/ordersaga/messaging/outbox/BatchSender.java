package dev.ordersaga.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends a {@link RelayBatch} to Kafka wave by wave, outside any database transaction: each wave is
 * sent asynchronously with the idempotent producer, flushed, and every acknowledgement awaited
 * before the next wave goes out.
 */
final class BatchSender {

	private final KafkaTemplate<String, byte[]> kafka;

	private final PublishSpans spans;

	BatchSender(KafkaTemplate<String, byte[]> kafka, PublishSpans spans) {
		this.kafka = kafka;
		this.spans = spans;
	}

	/**
	 * Sends the batch's waves until none is left, Kafka is unavailable, or the deadline passes.
	 * @param batch the batch, must not be {@literal null}; it records each row's fate
	 * @param deadlineNanos the {@link System#nanoTime()} after which no acknowledgement is awaited
	 * and no wave is sent
	 */
	void send(RelayBatch batch, long deadlineNanos) {
		for (List<PendingEvent> wave = batch.nextWave(); !wave.isEmpty(); wave = batch.nextWave()) {
			if (deadlineNanos - System.nanoTime() <= 0) {
				wave.forEach(batch::notSent);
				batch.stop();
				return;
			}
			if (!sendWave(batch, wave, deadlineNanos)) {
				batch.stop();
				return;
			}
		}
	}

	/** @return whether Kafka took the wave well enough to send another one */
	private boolean sendWave(RelayBatch batch, List<PendingEvent> wave, long deadlineNanos) {
		List<CompletableFuture<?>> sends = new ArrayList<>(wave.size());
		for (PendingEvent event : wave) {
			CompletableFuture<?> send = send(event);
			sends.add(send);
			if (send.isCompletedExceptionally() && !failure(send).refused()) {
				// The producer could not even queue it (no metadata: Kafka unreachable). Sending the rest
				// would block once per record; they wait for the next batch.
				break;
			}
		}
		kafka.flush();
		boolean kafkaAvailable = true;
		for (int i = 0; i < wave.size(); i++) {
			PendingEvent event = wave.get(i);
			if (i >= sends.size()) {
				batch.notSent(event);
				continue;
			}
			SendFailure failure = outcome(sends.get(i), deadlineNanos);
			if (failure == null) {
				batch.acknowledged(event);
			}
			else {
				batch.failed(event, failure);
				kafkaAvailable &= failure.refused();
			}
		}
		return kafkaAvailable;
	}

	private CompletableFuture<?> send(PendingEvent event) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("eventId", bytes(event.eventId().toString()));
		headers.add("eventType", bytes(event.eventType()));
		headers.add("schemaVersion", bytes(Integer.toString(event.schemaVersion())));
		PublishSpans.Publish span = spans.start(event, (name, value) -> headers.add(name, bytes(value)));
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), null, event.aggregateId(),
				bytes(event.envelope()), headers);
		CompletableFuture<?> send;
		try {
			send = kafka.send(record);
		}
		catch (RuntimeException ex) {
			// send() throws when the producer cannot even queue the record (e.g. metadata timeout).
			send = CompletableFuture.failedFuture(ex);
		}
		send.whenComplete((result, error) -> span.end(error));
		return send;
	}

	private static SendFailure failure(CompletableFuture<?> failed) {
		SendFailure failure = outcome(failed, System.nanoTime());
		return failure != null ? failure : SendFailure.timedOut();
	}

	private static @Nullable SendFailure outcome(CompletableFuture<?> send, long deadlineNanos) {
		try {
			send.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
			return null;
		}
		catch (ExecutionException ex) {
			return SendFailure.of(ex);
		}
		catch (TimeoutException ex) {
			send.cancel(false);
			return SendFailure.timedOut();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new SendFailure("interrupted while waiting for Kafka", false);
		}
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}
}
