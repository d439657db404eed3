package dev.ordersaga.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCompatibilityTest {

	static Stream<List<EventType<?>>> consecutiveVersions() {
		List<List<EventType<?>>> pairs = new ArrayList<>();
		EventCatalog.all()
			.stream()
			.collect(Collectors.groupingBy(EventType::name))
			.values()
			.forEach(versions -> {
				List<EventType<?>> sorted = versions.stream().sorted(Comparator.comparingInt(EventType::version)).toList();
				for (int i = 1; i < sorted.size(); i++) {
					pairs.add(List.of(sorted.get(i - 1), sorted.get(i)));
				}
			});
		return pairs.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("consecutiveVersions")
	void everyNewerVersionOnlyAddsToTheOlderOne(List<EventType<?>> pair) {
		assertThat(SchemaCompatibility.breakingChanges(schema(pair.get(0)), schema(pair.get(1)))).isEmpty();
	}

	@Test
	void thereIsAtLeastOneVersionedEventToCheck() {
		assertThat(consecutiveVersions()).isNotEmpty();
	}

	@Test
	void removedFieldIsReported() {
		ObjectNode newer = orderPlacedV2();
		payloadProperties(newer).remove("currency");

		assertThat(SchemaCompatibility.breakingChanges(orderPlacedV1(), newer))
			.anySatisfy(problem -> assertThat(problem).isEqualTo("$.payload.currency: removed"));
	}

	@Test
	void retypedFieldIsReported() {
		ObjectNode newer = orderPlacedV2();
		payloadProperties(newer).putObject("total").put("type", "number");

		assertThat(SchemaCompatibility.breakingChanges(orderPlacedV1(), newer))
			.anySatisfy(problem -> assertThat(problem).startsWith("$.payload.total: retyped"));
	}

	@Test
	void retypedNestedFieldIsReported() {
		ObjectNode newer = orderPlacedV2();
		((ObjectNode) payloadProperties(newer).path("lines").path("items").path("properties"))
			.putObject("quantity").put("type", "string");

		assertThat(SchemaCompatibility.breakingChanges(orderPlacedV1(), newer))
			.anySatisfy(problem -> assertThat(problem).startsWith("$.payload.lines[].quantity: retyped"));
	}

	@Test
	void newlyRequiredFieldIsReported() {
		ObjectNode newer = orderPlacedV2();
		((ArrayNode) newer.path("properties").path("payload").path("required")).add("customerEmail");

		assertThat(SchemaCompatibility.breakingChanges(orderPlacedV1(), newer))
			.containsExactly("$.payload.customerEmail: newly required");
	}

	@Test
	void droppedEnumValueIsReported() {
		ObjectNode older = (ObjectNode) schema(EventCatalog.ORDER_CANCELLED_V1);
		ObjectNode newer = older.deepCopy();
		ArrayNode reasons = (ArrayNode) newer.path("properties").path("payload").path("properties").path("reason")
			.path("enum");
		reasons.remove(3);

		assertThat(SchemaCompatibility.breakingChanges(older, newer))
			.containsExactly("$.payload.reason: enum value \"TIMEOUT\" removed");
	}

	private static ObjectNode orderPlacedV1() {
		return (ObjectNode) schema(EventCatalog.ORDER_PLACED_V1);
	}

	private static ObjectNode orderPlacedV2() {
		return (ObjectNode) schema(EventCatalog.ORDER_PLACED_V2);
	}

	private static ObjectNode payloadProperties(ObjectNode schema) {
		return (ObjectNode) schema.path("properties").path("payload").path("properties");
	}

	static JsonNode schema(EventType<?> type) {
		try (InputStream in = SchemaCompatibilityTest.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
			if (in == null) {
				throw new AssertionError("No schema at " + type.schemaResource());
			}
			return EventJson.mapper().readTree(in);
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}
}
