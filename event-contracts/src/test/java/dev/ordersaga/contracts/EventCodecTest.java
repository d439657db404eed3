package dev.ordersaga.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.ordersaga.contracts.order.v2.OrderPlaced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

	final EventCodec codec = new EventCodec();

	static Stream<EventType<?>> everyEventType() {
		return EventCatalog.all().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyEventType")
	void everyEventRoundTripsUnchanged(EventType<?> type) {
		IntegrationEvent sample = SampleEvents.of(type);
		EventEnvelope envelope = envelope(type, sample);

		EventEnvelope read = codec.read(codec.write(envelope));

		assertThat(read).isEqualTo(envelope);
		assertThat(codec.payload(read, type.payloadType())).isEqualTo(sample);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyEventType")
	void everySerialisedEventFollowsItsSchemaWithAmountsAsStrings(EventType<?> type) {
		String json = codec.writeString(envelope(type, SampleEvents.of(type)));

		codec.validate(json.getBytes(StandardCharsets.UTF_8));
		assertThat(json).doesNotContainPattern("\"(total|amount|unitPrice)\":\\d");
		assertThat(json).contains("\"eventType\":\"" + type.name() + "\"", "\"schemaVersion\":" + type.version());
	}

	@Test
	void missingEventIdIsRejectedNamingTheField() {
		String json = sampleJson().replaceFirst("\"eventId\":\"[^\"]+\",", "");

		assertThatThrownBy(() -> codec.read(bytes(json))).isInstanceOf(SchemaViolationException.class)
			.hasMessageContaining("eventId");
	}

	@Test
	void zeroOrNegativeQuantityIsRejectedNamingTheField() {
		String json = sampleJson().replace("\"quantity\":2", "\"quantity\":-1");

		assertThatThrownBy(() -> codec.read(bytes(json))).isInstanceOf(SchemaViolationException.class)
			.hasMessageContaining("$.payload.lines[0].quantity");
	}

	@Test
	void eventsCarryTheBoundsOfTheRestInputsTheyComeFrom() {
		String line = "{\"sku\":\"SKU-RED-MUG\",\"quantity\":1,\"unitPrice\":\"1.00\"}";
		String tooManyLines = sampleJson().replaceFirst("\"lines\":\\[[^\\]]*\\]",
				"\"lines\":[" + String.join(",", java.util.Collections.nCopies(101, line)) + "]");
		String hundredLines = sampleJson().replaceFirst("\"lines\":\\[[^\\]]*\\]",
				"\"lines\":[" + String.join(",", java.util.Collections.nCopies(100, line)) + "]");
		String tooManyUnits = sampleJson().replace("\"quantity\":2", "\"quantity\":10001");
		String longAmount = sampleJson().replace("\"total\":\"44.30\"", "\"total\":\"" + "9".repeat(33) + "\"");
		String longProducer = sampleJson().replaceFirst("\"producer\":\"[^\"]+\"", "\"producer\":\"" + "p".repeat(101) + "\"");

		assertThatThrownBy(() -> codec.read(bytes(tooManyLines))).isInstanceOf(SchemaViolationException.class)
			.hasMessageContaining("$.payload.lines");
		assertThat(codec.read(bytes(hundredLines)).payload().get("lines").size()).isEqualTo(100);
		assertThatThrownBy(() -> codec.read(bytes(tooManyUnits))).isInstanceOf(SchemaViolationException.class)
			.hasMessageContaining("$.payload.lines[0].quantity");
		assertThatThrownBy(() -> codec.read(bytes(longAmount))).isInstanceOf(SchemaViolationException.class)
			.hasMessageContaining("$.payload.total");
		assertThatThrownBy(() -> codec.read(bytes(longProducer))).isInstanceOf(SchemaViolationException.class)
			.hasMessageContaining("$.producer");
	}

	@Test
	void malformedAmountIsRejectedNamingTheField() {
		String json = sampleJson().replace("\"total\":\"44.30\"", "\"total\":\"12.3.4\"");

		assertThatThrownBy(() -> codec.read(bytes(json))).isInstanceOf(SchemaViolationException.class)
			.hasMessageContaining("$.payload.total");
	}

	@Test
	void amountAsAJsonNumberIsRejected() {
		String json = sampleJson().replace("\"total\":\"44.30\"", "\"total\":44.30");

		assertThatThrownBy(() -> codec.read(bytes(json))).isInstanceOf(SchemaViolationException.class)
			.hasMessageContaining("$.payload.total");
	}

	@Test
	void unknownEventTypeIsRejectedNamingTheField() {
		String json = sampleJson().replace("\"OrderPlaced\"", "\"OrderTeleported\"");

		assertThatThrownBy(() -> codec.read(bytes(json))).isInstanceOf(UnknownEventTypeException.class)
			.hasMessageContaining("$.eventType")
			.hasMessageContaining("OrderTeleported");
	}

	@Test
	void unknownVersionOfAKnownTypeIsRejected() {
		String json = sampleJson().replace("\"schemaVersion\":2", "\"schemaVersion\":7");

		assertThatThrownBy(() -> codec.read(bytes(json))).isInstanceOf(UnknownEventTypeException.class)
			.hasMessageContaining("schemaVersion 7");
	}

	@Test
	void textThatIsNotJsonIsMalformed() {
		assertThatThrownBy(() -> codec.read(bytes("{not json"))).isInstanceOf(MalformedEventException.class);
		assertThatThrownBy(() -> codec.read(bytes("[1,2]"))).isInstanceOf(MalformedEventException.class)
			.hasMessageContaining("Not a JSON object");
		assertThatThrownBy(() -> codec.eventTypeOf(bytes("{\"payload\":{}}")))
			.isInstanceOf(SchemaViolationException.class)
			.hasMessageContaining("$.eventType");
	}

	@Test
	void versionOneOrderPlacedIsUpcastToVersionTwo() {
		dev.ordersaga.contracts.order.v1.OrderPlaced v1 = (dev.ordersaga.contracts.order.v1.OrderPlaced) SampleEvents
			.of(EventCatalog.ORDER_PLACED_V1);
		EventEnvelope envelope = codec.read(codec.write(envelope(EventCatalog.ORDER_PLACED_V1, v1)));

		assertThat(codec.payload(envelope)).isEqualTo(
				new OrderPlaced(v1.orderId(), v1.customerId(), v1.lines(), v1.total(), v1.currency(), null));
	}

	@Test
	void versionTwoCanBePublishedAsVersionOne() {
		OrderPlaced v2 = (OrderPlaced) SampleEvents.of(EventCatalog.ORDER_PLACED_V2);

		assertThat(OrderPlaced.from(v2.toV1())).isEqualTo(
				new OrderPlaced(v2.orderId(), v2.customerId(), v2.lines(), v2.total(), v2.currency(), null));
	}

	@Test
	void unknownFieldsAreIgnoredByTheReader() {
		String json = sampleJson().replace("\"currency\":\"EUR\"", "\"currency\":\"EUR\",\"giftWrap\":true")
			.replace("\"producer\":", "\"region\":\"eu-1\",\"producer\":");

		IntegrationEvent event = codec.payload(codec.read(bytes(json)));

		assertThat(event).isEqualTo(SampleEvents.of(EventCatalog.ORDER_PLACED_V2));
	}

	@Test
	void aggregateIdIsTheOrderForSagaEventsAndTheSkuForCatalogueEvents() {
		assertThat(envelope(EventCatalog.PAYMENT_COMPLETED_V1, SampleEvents.of(EventCatalog.PAYMENT_COMPLETED_V1))
			.aggregateId()).isEqualTo(SampleEvents.ORDER.toString());
		assertThat(envelope(EventCatalog.PRODUCT_UPDATED_V1, SampleEvents.of(EventCatalog.PRODUCT_UPDATED_V1))
			.aggregateId()).isEqualTo("SKU-RED-MUG");
	}

	private String sampleJson() {
		return codec.writeString(envelope(EventCatalog.ORDER_PLACED_V2, SampleEvents.of(EventCatalog.ORDER_PLACED_V2)));
	}

	@SuppressWarnings("unchecked")
	private <E extends IntegrationEvent> EventEnvelope envelope(EventType<E> type, IntegrationEvent sample) {
		return codec.envelope(type, (E) sample, UUID.fromString("9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"),
				Instant.parse("2026-11-24T10:15:30.123456Z"), type.topic().producer(), "checkout-42",
				UUID.fromString("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
	}

	private static byte[] bytes(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}
}
