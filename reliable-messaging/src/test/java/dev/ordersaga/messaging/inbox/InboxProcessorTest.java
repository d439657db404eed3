package dev.ordersaga.messaging.inbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.Topics;

import static org.assertj.core.api.Assertions.assertThat;

/** The inbox's meters, without a database: records of types no handler takes never reach it. */
class InboxProcessorTest {

	SimpleMeterRegistry meters = new SimpleMeterRegistry();

	InboxProcessor processor = new InboxProcessor(new EventCodec(), () -> EventHandlers.discover(List.of()),
			new JdbcTemplate(), new TransactionTemplate(), "order-service", meters, true);

	@Test
	void recordsClaimingArbitraryEventTypesShareOneUnknownTag() {
		for (int offset = 0; offset < 100; offset++) {
			processor.process(record(offset, "Spam" + UUID.randomUUID()));
		}
		processor.process(record(100, "PaymentRefunded"));

		assertThat(eventTypeTags()).containsExactlyInAnyOrder(InboxProcessor.UNKNOWN_TYPE, "PaymentRefunded");
		assertThat(meters.get("inbox.ignored").tag("event.type", InboxProcessor.UNKNOWN_TYPE).counter().count())
			.isEqualTo(100);
	}

	private Set<String> eventTypeTags() {
		return meters.getMeters()
			.stream()
			.map(meter -> meter.getId().getTag("event.type"))
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
	}

	private static ConsumerRecord<String, byte[]> record(long offset, String eventType) {
		String json = "{\"eventType\":\"" + eventType + "\",\"eventId\":\"" + UUID.randomUUID() + "\"}";
		return new ConsumerRecord<>(Topics.PAYMENTS.name(), 0, offset, UUID.randomUUID().toString(),
				json.getBytes(StandardCharsets.UTF_8));
	}
}
