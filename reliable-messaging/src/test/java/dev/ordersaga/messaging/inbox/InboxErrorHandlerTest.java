package dev.ordersaga.messaging.inbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.core.NestedRuntimeException;
import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.ordersaga.contracts.MalformedEventException;
import dev.ordersaga.messaging.MessagingProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The inbox's error handler as the listener container drives it, one failed delivery at a time,
 * without a broker: which failures are retried, for how long, and which are dead-lettered.
 */
class InboxErrorHandlerTest {

	static final MessagingProperties.Consumer SETTINGS = new MessagingProperties.Consumer(true, null, 1, 2,
			Duration.ofMillis(10), 2.0, Duration.ofMillis(40), true, 100);

	static final Exception OUTAGE = new CannotCreateTransactionException("Could not open JDBC Connection");

	static final Exception BUG = new IllegalStateException("handler bug");

	final List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();

	final List<Long> pauses = new ArrayList<>();

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final DefaultErrorHandler errorHandler = InboxErrorHandler.create(
			(record, consumer, exception) -> deadLettered.add(record), SETTINGS, "order-service.dlt", meters,
			new BackOffHandler() {

				@Override
				public void onNextBackOff(@Nullable MessageListenerContainer container, @Nullable Exception exception,
						long nextBackOff) {
					pauses.add(nextBackOff);
				}
			});

	final Consumer<?, ?> consumer = mock(Consumer.class);

	final ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("payments.v1", 0, 7L, "order-1", new byte[0]);

	@Test
	void transientFailureIsRetriedFarBeyondTheRetryBudgetWhileThePartitionWaits() {
		for (int attempt = 1; attempt <= 50; attempt++) {
			assertThat(fails(OUTAGE)).as("given up after attempt %d", attempt).isFalse();
		}

		assertThat(deadLettered).isEmpty();
		assertThat(pauses).startsWith(10L, 20L, 40L, 40L).allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(40));
		verify(consumer, times(50)).seek(new TopicPartition("payments.v1", 0), 7L);
		assertThat(meters.counter("inbox.retries", "kind", "transient").count()).isEqualTo(50);
	}

	@Test
	void permanentFailureIsDeadLetteredAfterMaxRetries() {
		assertThat(fails(BUG)).isFalse();
		assertThat(fails(BUG)).isFalse();
		assertThat(fails(BUG)).isTrue();

		assertThat(deadLettered).containsExactly(record);
		assertThat(pauses).containsExactly(10L, 20L);
		assertThat(meters.counter("inbox.retries", "kind", "permanent").count()).isEqualTo(2);
		assertThat(meters.counter("inbox.dead.lettered", "topic", "payments.v1").count()).isEqualTo(1);
	}

	@Test
	void invalidEventIsDeadLetteredAtOnce() {
		assertThat(fails(new MalformedEventException("{not json"))).isTrue();

		assertThat(deadLettered).containsExactly(record);
		assertThat(pauses).isEmpty();
	}

	@Test
	void permanentFailureAfterAnOutageGetsItsWholeRetryBudget() {
		for (int attempt = 1; attempt <= 10; attempt++) {
			fails(OUTAGE);
		}

		assertThat(fails(BUG)).isFalse();
		assertThat(fails(BUG)).isFalse();
		assertThat(fails(BUG)).isTrue();
		assertThat(deadLettered).containsExactly(record);
	}

	@Test
	void outageAfterPermanentFailuresIsWaitedOutNotDeadLettered() {
		assertThat(fails(BUG)).isFalse();
		assertThat(fails(BUG)).isFalse();

		for (int attempt = 1; attempt <= 20; attempt++) {
			assertThat(fails(OUTAGE)).isFalse();
		}
		assertThat(deadLettered).isEmpty();
	}

	@Test
	void laterRecordStartsWithAFreshRetryBudget() {
		assertThat(fails(BUG)).isFalse();
		assertThat(fails(BUG)).isFalse();
		assertThat(fails(BUG)).isTrue();

		ConsumerRecord<String, byte[]> next = new ConsumerRecord<>("payments.v1", 0, 8L, "order-2", new byte[0]);
		assertThat(fails(next, BUG)).isFalse();
	}

	private boolean fails(Exception failure) {
		return fails(record, failure);
	}

	/** @return whether the record was given up on; {@code false} when it will be delivered again */
	private boolean fails(ConsumerRecord<String, byte[]> failed, Exception failure) {
		try {
			errorHandler.handleRemaining(new ListenerExecutionFailedException("Listener failed", failure),
					List.of(failed), consumer, mock(MessageListenerContainer.class));
			return true;
		}
		catch (NestedRuntimeException ex) {
			// Spring Kafka's package-private RecordInRetryException: the container delivers it again after the seek.
			assertThat(ex).hasMessageStartingWith("Record in retry");
			return false;
		}
	}
}
