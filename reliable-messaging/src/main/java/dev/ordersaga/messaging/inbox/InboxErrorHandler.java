package dev.ordersaga.messaging.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DefaultBackOffHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.ordersaga.contracts.InvalidEventException;
import dev.ordersaga.messaging.MessagingProperties;

/**
 * Builds the inbox's {@link DefaultErrorHandler}: a record that failed transiently (see
 * {@link TransientFailures}) is retried with capped exponential backoff until it succeeds, and its
 * partition waits; an invalid event is dead-lettered at once; any other failure is retried
 * {@code max-retries} times and then dead-lettered.
 * <p>
 * The handler seeks back to the failed record and sleeps on the consumer thread between attempts,
 * so no later record of the partition is handled meanwhile. Its {@code FailedRecordTracker}
 * starts a record's retries afresh, with the backoff the exception asks for, whenever the class of
 * the exception changes: a record that fails permanently after an outage gets its full retry
 * budget, and one that hits an outage after permanent failures waits for the outage to end.
 */
final class InboxErrorHandler {

	private static final Logger log = LoggerFactory.getLogger(InboxConsumer.class);

	static final String RETRIES = "inbox.retries";

	static final String DEAD_LETTERED = "inbox.dead.lettered";

	private InboxErrorHandler() {
	}

	/**
	 * @param recoverer publishes a record to the dead-letter topic, must not be {@literal null}
	 * @param settings the retry settings, must not be {@literal null}
	 * @param deadLetterTopic named in the log, must not be {@literal null}
	 * @param meters where retries and dead letters are counted, must not be {@literal null}
	 * @return a new error handler, never {@literal null}
	 */
	static DefaultErrorHandler create(ConsumerAwareRecordRecoverer recoverer, MessagingProperties.Consumer settings,
			String deadLetterTopic, MeterRegistry meters) {
		return create(recoverer, settings, deadLetterTopic, meters, new DefaultBackOffHandler());
	}

	/**
	 * As {@link #create(ConsumerAwareRecordRecoverer, MessagingProperties.Consumer, String, MeterRegistry)}.
	 * @param waiter waits between attempts (a test's need not sleep), must not be {@literal null}
	 */
	static DefaultErrorHandler create(ConsumerAwareRecordRecoverer recoverer, MessagingProperties.Consumer settings,
			String deadLetterTopic, MeterRegistry meters, BackOffHandler waiter) {
		BackOffHandler countingWaiter = new BackOffHandler() {

			@Override
			public void onNextBackOff(@Nullable MessageListenerContainer container, @Nullable Exception exception,
					long nextBackOff) {
				// Called only when another attempt follows, so this counts retries, not failures.
				meters.counter(RETRIES, "kind", TransientFailures.isTransient(exception) ? "transient" : "permanent")
					.increment();
				waiter.onNextBackOff(container, exception, nextBackOff);
			}
		};
		DefaultErrorHandler errorHandler = new DefaultErrorHandler(recoverer, permanentBackOff(settings),
				countingWaiter);
		errorHandler.addNotRetryableExceptions(InvalidEventException.class);
		BackOff untilItSucceeds = transientBackOff(settings);
		// null: the bounded backoff given to the constructor.
		errorHandler.setBackOffFunction(
				(record, exception) -> TransientFailures.isTransient(exception) ? untilItSucceeds : null);
		// The default, stated because the mix of transient and permanent failures relies on it.
		errorHandler.setResetStateOnExceptionChange(true);
		errorHandler.setRetryListeners(new Logging(settings.maxRetries(), deadLetterTopic, meters));
		// The handler signals "seek back and poll again" (a retry to come, or the records after a parked
		// one) with an exception the container logs at this level; the listener above logs each failed
		// attempt and each parked record, so the signal is no error of its own.
		errorHandler.setLogLevel(KafkaException.Level.INFO);
		return errorHandler;
	}

	static BackOff permanentBackOff(MessagingProperties.Consumer settings) {
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(settings.maxRetries());
		backOff.setInitialInterval(settings.initialRetryInterval().toMillis());
		backOff.setMultiplier(settings.retryMultiplier());
		backOff.setMaxInterval(settings.maxRetryInterval().toMillis());
		return backOff;
	}

	/** No limit of attempts or of elapsed time: a transient failure is retried until it succeeds. */
	static BackOff transientBackOff(MessagingProperties.Consumer settings) {
		ExponentialBackOff backOff = new ExponentialBackOff(settings.initialRetryInterval().toMillis(),
				settings.retryMultiplier());
		backOff.setMaxInterval(settings.maxRetryInterval().toMillis());
		return backOff;
	}

	private static final class Logging implements RetryListener {

		private final int maxRetries;

		private final String deadLetterTopic;

		private final MeterRegistry meters;

		Logging(int maxRetries, String deadLetterTopic, MeterRegistry meters) {
			this.maxRetries = maxRetries;
			this.deadLetterTopic = deadLetterTopic;
			this.meters = meters;
		}

		@Override
		public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception ex, int deliveryAttempt) {
			if (!TransientFailures.isTransient(ex)) {
				log.warn("Handling {}-{}@{} failed (attempt {} of at most {}): {}", record.topic(), record.partition(),
						record.offset(), deliveryAttempt, maxRetries + 1, rootMessage(ex));
			}
			else if (Integer.bitCount(deliveryAttempt) == 1) {
				// 1st, 2nd, 4th, 8th... attempt: an outage of an hour logs about ten lines per partition.
				log.warn("Handling {}-{}@{} failed transiently (attempt {}); the partition waits and the event is "
						+ "retried until it succeeds: {}", record.topic(), record.partition(), record.offset(),
						deliveryAttempt, rootMessage(ex));
			}
			else {
				log.debug("Handling {}-{}@{} failed transiently (attempt {}): {}", record.topic(), record.partition(),
						record.offset(), deliveryAttempt, rootMessage(ex));
			}
		}

		@Override
		public void recovered(ConsumerRecord<?, ?> record, @Nullable Exception ex) {
			meters.counter(DEAD_LETTERED, "topic", record.topic()).increment();
			log.error("Parked {}-{}@{} on {}: {}", record.topic(), record.partition(), record.offset(),
					deadLetterTopic, rootMessage(ex));
		}

		private static String rootMessage(@Nullable Throwable ex) {
			if (ex == null) {
				return "no exception";
			}
			Throwable root = ex;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			return root.getClass().getSimpleName() + ": " + root.getMessage();
		}
	}
}
