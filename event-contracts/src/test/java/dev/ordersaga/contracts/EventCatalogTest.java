package dev.ordersaga.contracts;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventCatalogTest {

	static Stream<EventType<?>> everyEventType() {
		return EventCatalog.all().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyEventType")
	void everyTypeHasASchemaThatPinsItsNameVersionAndAggregate(EventType<?> type) {
		JsonNode schema = SchemaCompatibilityTest.schema(type);

		assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
		assertThat(schema.path("properties").path("eventType").path("const").asString()).isEqualTo(type.name());
		assertThat(schema.path("properties").path("schemaVersion").path("const").asInt()).isEqualTo(type.version());
		assertThat(schema.path("properties").path("aggregateType").path("const").asString())
			.isEqualTo(type.aggregateType());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("everyEventType")
	void everyTypeIsPublishedByItsTopicsProducerPackage(EventType<?> type) {
		String producerPackage = type.topic().producer().replace("-service", "");
		assertThat(type.payloadType().getPackageName())
			.startsWith("dev.ordersaga.contracts." + producerPackage + ".v" + type.version());
	}

	@Test
	void findsTypesByClassByNameAndVersionAndTheLatestVersion() {
		assertThat(EventCatalog.of(dev.ordersaga.contracts.order.v2.OrderPlaced.class))
			.isEqualTo(EventCatalog.ORDER_PLACED_V2);
		assertThat(EventCatalog.find("OrderPlaced", 1)).contains(EventCatalog.ORDER_PLACED_V1);
		assertThat(EventCatalog.latest("OrderPlaced")).isEqualTo(EventCatalog.ORDER_PLACED_V2);
		assertThat(EventCatalog.find("OrderPlaced", 3)).isEmpty();
	}

	@Test
	void refusesAnUncataloguedRecord() {
		record Stray(String id) implements IntegrationEvent {
		}
		assertThatIllegalArgumentException().isThrownBy(() -> EventCatalog.of(Stray.class))
			.withMessageContaining("not in the EventCatalog");
	}

	@Test
	void deadLetterTopicsAreNamedAfterTheConsumingService() {
		assertThat(Topics.deadLetterTopic("payment-service")).isEqualTo("payment-service.dlt");
		assertThat(Topics.consumedBy("order-service")).containsExactly(Topics.PAYMENTS, Topics.INVENTORY,
				Topics.CATALOG);
	}

	@Test
	void asyncApiDocumentListsExactlyTheCataloguedTopicsAndEvents() throws Exception {
		JsonNode document;
		try (InputStream in = getClass().getClassLoader().getResourceAsStream("asyncapi.yaml")) {
			document = new YAMLMapper().readTree(in);
		}
		Set<String> documentedTopics = new HashSet<>();
		Set<String> documentedEvents = new HashSet<>();
		document.path("channels").properties().forEach(channel -> {
			JsonNode value = channel.getValue();
			String topic = value.path("address").asString();
			documentedTopics.add(topic + " by " + value.path("x-producer").asString() + " keyed by "
					+ value.path("x-key").asString() + " for " + value.path("x-consumers"));
			value.path("messages").propertyNames().forEach(message -> {
				JsonNode definition = document.path("components").path("messages").path(message);
				documentedEvents.add(definition.path("name").asString() + " v"
						+ definition.path("x-schema-version").asInt() + " on " + topic + " at "
						+ definition.path("payload").path("schema").path("$ref").asString());
			});
		});

		Set<String> cataloguedTopics = new HashSet<>();
		Topics.all().forEach(topic -> cataloguedTopics.add(topic.name() + " by " + topic.producer() + " keyed by "
				+ topic.key() + " for " + topic.consumers().toString().replace(" ", "").replace("[", "[\"")
					.replace("]", "\"]").replace(",", "\",\"")));
		Set<String> cataloguedEvents = new HashSet<>();
		EventCatalog.all().forEach(type -> cataloguedEvents
			.add(type.name() + " v" + type.version() + " on " + type.topic().name() + " at " + type.schemaResource()));

		assertThat(documentedTopics).isEqualTo(cataloguedTopics);
		assertThat(documentedEvents).isEqualTo(cataloguedEvents);
	}
}
