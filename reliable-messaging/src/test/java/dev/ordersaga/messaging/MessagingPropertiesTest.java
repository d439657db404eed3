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
	void rejectsALeaseShorterThanTwiceTheSendTimeout() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MessagingProperties.Relay(true, 500, Duration.ofSeconds(1), Duration.ofSeconds(10),
					Duration.ofMillis(100), Duration.ofSeconds(10), 256, Duration.ofSeconds(15), 5))
			.withMessageContaining("lease (PT15S) must be at least twice");
	}

	@Test
	void rejectsParkingBeforeTheFirstRefusal() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MessagingProperties.Relay(true, 500, Duration.ofSeconds(1), Duration.ofSeconds(10),
					Duration.ofMillis(100), Duration.ofSeconds(10), 256, Duration.ofSeconds(30), 0))
			.withMessageContaining("park-after must be at least 1, was 0");
	}

	private static MessagingProperties.Relay relay(int batchSize, int buckets) {
		return new MessagingProperties.Relay(true, batchSize, Duration.ofSeconds(1), Duration.ofSeconds(10),
				Duration.ofMillis(100), Duration.ofSeconds(10), buckets, Duration.ofSeconds(30), 5);
	}
}
