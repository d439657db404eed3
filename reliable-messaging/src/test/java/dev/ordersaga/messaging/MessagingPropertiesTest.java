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

	private static MessagingProperties.Relay relay(int batchSize, int buckets) {
		return new MessagingProperties.Relay(true, batchSize, Duration.ofSeconds(1), Duration.ofSeconds(30),
				Duration.ofMillis(100), Duration.ofSeconds(10), buckets);
	}
}
