package dev.ordersaga.messaging;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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

	@Test
	void rejectsARetryIntervalCapAboveOneMinuteOrBelowTheFirstInterval() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> consumer(Duration.ofMillis(200), Duration.ofMinutes(2)))
			.withMessageContaining("max-retry-interval");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> consumer(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessageContaining("max-retry-interval");
	}

	@Test
	void rejectsTopicsWithoutPartitionsOrWithMoreInSyncReplicasThanReplicas() {
		assertThatIllegalArgumentException().isThrownBy(() -> topics(0, (short) 1, (short) 1))
			.withMessageContaining("partitions must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> topics(3, (short) 3, (short) 4))
			.withMessageContaining("min-insync-replicas must lie between 1 and replication-factor (3), was 4");
	}

	@Test
	void acceptsTheProductionTopicSettings() {
		assertThat(topics(3, (short) 3, (short) 2).minInsyncReplicas()).isEqualTo((short) 2);
	}

	private static MessagingProperties.Consumer consumer(Duration initial, Duration max) {
		return new MessagingProperties.Consumer(true, null, 3, 4, initial, 2.0, max, true, 100);
	}

	private static MessagingProperties.Topics topics(int partitions, short replicationFactor, short minInsyncReplicas) {
		return new MessagingProperties.Topics(true, partitions, replicationFactor, minInsyncReplicas, null,
				Duration.ofDays(28));
	}

	private static MessagingProperties.Relay relay(int batchSize, int buckets) {
		return new MessagingProperties.Relay(true, batchSize, Duration.ofSeconds(1), Duration.ofSeconds(10),
				Duration.ofMillis(100), Duration.ofSeconds(10), buckets, Duration.ofSeconds(30), 5);
	}
}
