package dev.ordersaga.messaging;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MessagingPropertiesTest {

	@Test
	void rejectsABatchSizeBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> relay(0, 256)).withMessageContaining("batch-size");
	}

	@Test
	void rejectsOrderingBucketsThatAreNotAPowerOfTwo() {
		assertThatIllegalArgumentException().isThrownBy(() -> relay(500, 100))
			.withMessageContaining("ordering-buckets must be a power of two, was 100");
	}

	@Test
	void rejectsARetryIntervalCapAboveOneMinuteOrBelowTheFirstInterval() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> consumer(Duration.ofMillis(200), Duration.ofMinutes(2)))
			.withMessageContaining("max-retry-interval");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> consumer(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessageContaining("max-retry-interval");
	}

	private static MessagingProperties.Consumer consumer(Duration initial, Duration max) {
		return new MessagingProperties.Consumer(true, null, 3, 4, initial, 2.0, max);
	}

	private static MessagingProperties.Relay relay(int batchSize, int buckets) {
		return new MessagingProperties.Relay(true, batchSize, Duration.ofSeconds(1), Duration.ofSeconds(30),
				Duration.ofMillis(100), Duration.ofSeconds(10), buckets);
	}
}
