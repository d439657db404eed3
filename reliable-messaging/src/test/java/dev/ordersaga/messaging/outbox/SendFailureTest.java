package dev.ordersaga.messaging.outbox;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaProducerException;

import static org.assertj.core.api.Assertions.assertThat;

class SendFailureTest {

	@Test
	void recordTooLargeAnywhereInTheCauseChainIsARefusal() {
		SendFailure failure = SendFailure.of(new ExecutionException(
				new KafkaProducerException(null, "send failed", new RecordTooLargeException("1200000 bytes"))));

		assertThat(failure.refused()).isTrue();
		assertThat(failure.message()).isEqualTo("RecordTooLargeException: 1200000 bytes");
	}

	@Test
	void topicNotAuthorisedIsARefusal() {
		assertThat(SendFailure.of(new TopicAuthorizationException("orders.v1")).refused()).isTrue();
	}

	@Test
	void timeoutIsKafkaBeingUnavailableNotARefusal() {
		assertThat(SendFailure.of(new ExecutionException(new TimeoutException("metadata"))).refused()).isFalse();
		assertThat(SendFailure.timedOut().refused()).isFalse();
	}
}
