package dev.ordersaga.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads, validates, upcasts and writes events. Thread-safe; schemas are loaded once, on first use.
 * <p>
 * Reading validates the whole envelope against the JSON Schema of the event's type and version
 * (which includes the shared envelope schema), so a record that passes {@link #read} has every
 * field its contract requires, in the right format.
 */
public final class EventCodec {

	private static final String ENVELOPE_SCHEMA = "dev/ordersaga/contracts/envelope.schema.json";

	private final JsonMapper mapper;

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()));

	private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	/** A codec with the shared {@link EventJson} settings. */
	public EventCodec() {
		this.mapper = EventJson.mapper();
	}

	/**
	 * Wraps a payload in a new envelope.
	 * @param type the payload's type and version, must not be {@literal null}
	 * @param payload the event, must not be {@literal null}
	 * @param eventId the new event's id, must not be {@literal null}
	 * @param occurredAt when it happened, must not be {@literal null}
	 * @param producer the producing service, must not be {@literal null}
	 * @param correlationId the saga's correlation id, must not be {@literal null}
	 * @param causationId the handled event that caused it, {@literal null} for a request
	 * @param traceparent the W3C trace context, may be {@literal null}
	 * @param <E> the payload record
	 * @return the envelope, never {@literal null}
	 */
	public <E extends IntegrationEvent> EventEnvelope envelope(EventType<E> type, E payload, UUID eventId,
			Instant occurredAt, String producer, String correlationId, @Nullable UUID causationId,
			@Nullable String traceparent) {
		return new EventEnvelope(eventId, type.name(), type.version(), occurredAt, producer, type.aggregateType(),
				type.aggregateIdOf(payload), correlationId, causationId, traceparent, mapper.valueToTree(payload));
	}

	/**
	 * @param envelope the event, must not be {@literal null}
	 * @return its JSON, UTF-8
	 */
	public byte[] write(EventEnvelope envelope) {
		return mapper.writeValueAsBytes(envelope);
	}

	/**
	 * @param envelope the event, must not be {@literal null}
	 * @return its JSON
	 */
	public String writeString(EventEnvelope envelope) {
		return mapper.writeValueAsString(envelope);
	}

	/**
	 * Parses a record's value once and reads its event type, without validating the rest: enough for
	 * a consumer to decide whether the event concerns it before paying for validation.
	 * @param json a record's value, must not be {@literal null}
	 * @return the parsed event, never {@literal null}
	 * @throws MalformedEventException when the value is not a JSON object
	 * @throws SchemaViolationException when it has no {@code eventType} string
	 */
	public ParsedEvent parse(byte[] json) {
		JsonNode tree = parseTree(json);
		JsonNode eventType = tree.path("eventType");
		if (!eventType.isString() || eventType.stringValue().isBlank()) {
			throw new SchemaViolationException("event", List.of("$.eventType: required string is missing"));
		}
		return new ParsedEvent(eventType.stringValue(), tree);
	}

	/**
	 * @param json a record's value, must not be {@literal null}
	 * @return its {@code eventType}, never {@literal null}
	 * @see #parse(byte[])
	 */
	public String eventTypeOf(byte[] json) {
		return parse(json).eventType();
	}

	/**
	 * Parses and validates an event.
	 * @param json a record's value, must not be {@literal null}
	 * @return the envelope, never {@literal null}
	 * @throws MalformedEventException when the value is not a JSON object
	 * @throws UnknownEventTypeException when the type and version are not in the {@link EventCatalog}
	 * @throws SchemaViolationException when the event breaks its contract
	 */
	public EventEnvelope read(byte[] json) {
		return read(parse(json));
	}

	/**
	 * Validates an event parsed by {@link #parse(byte[])} and decodes its envelope.
	 * @param parsed the parsed event, must not be {@literal null}
	 * @return the envelope, never {@literal null}
	 * @throws UnknownEventTypeException when the type and version are not in the {@link EventCatalog}
	 * @throws SchemaViolationException when the event breaks its contract
	 */
	public EventEnvelope read(ParsedEvent parsed) {
		validate(parsed.json());
		return mapper.treeToValue(parsed.json(), EventEnvelope.class);
	}

	/**
	 * Validates an event without decoding it.
	 * @param json a record's value, must not be {@literal null}
	 * @throws InvalidEventException when it is not a valid event (see {@link #read})
	 */
	public void validate(byte[] json) {
		validate(parseTree(json));
	}

	/**
	 * Decodes the payload and upcasts it to the latest version of its type.
	 * @param envelope a validated envelope, must not be {@literal null}
	 * @return the latest version's record, never {@literal null}
	 */
	public IntegrationEvent payload(EventEnvelope envelope) {
		return Upcasters.upcast(decode(envelope, type(envelope).payloadType()));
	}

	/**
	 * Decodes the payload into the record of exactly its version, without upcasting.
	 * @param envelope a validated envelope, must not be {@literal null}
	 * @param payloadType the record of the envelope's type and version, must not be {@literal null}
	 * @param <E> the record type
	 * @return the record, never {@literal null}
	 * @throws IllegalArgumentException when the record is not the envelope's type and version
	 */
	public <E extends IntegrationEvent> E payload(EventEnvelope envelope, Class<E> payloadType) {
		EventType<?> type = type(envelope);
		if (type.payloadType() != payloadType) {
			throw new IllegalArgumentException("The envelope holds " + type + " (" + type.payloadType().getName()
					+ "), not " + payloadType.getName());
		}
		return decode(envelope, payloadType);
	}

	private <E extends IntegrationEvent> E decode(EventEnvelope envelope, Class<E> payloadType) {
		try {
			return mapper.treeToValue(envelope.payload(), payloadType);
		}
		catch (JacksonException ex) {
			throw new InvalidEventException("The payload of " + envelope.eventType() + " " + envelope.eventId()
					+ " does not fit " + payloadType.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	private EventType<?> type(EventEnvelope envelope) {
		return EventCatalog.find(envelope.eventType(), envelope.schemaVersion())
			.orElseThrow(() -> unknown(envelope.eventType(), envelope.schemaVersion()));
	}

	private JsonNode parseTree(byte[] json) {
		JsonNode tree;
		try {
			tree = mapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("Not JSON: " + ex.getOriginalMessage() + " (value starts with \""
					+ preview(json) + "\")", ex);
		}
		if (tree == null || !tree.isObject()) {
			throw new MalformedEventException("Not a JSON object: an event is an object with an envelope "
					+ "(value starts with \"" + preview(json) + "\")");
		}
		return tree;
	}

	private void validate(JsonNode tree) {
		String claimedType = tree.path("eventType").isString() ? tree.path("eventType").stringValue() : "event";
		// The envelope first: without a valid eventType and schemaVersion there is no contract to look up.
		check(schema(ENVELOPE_SCHEMA), tree, claimedType);
		int version = tree.path("schemaVersion").asInt();
		EventType<?> type = EventCatalog.find(claimedType, version).orElseThrow(() -> unknown(claimedType, version));
		check(schema(type.schemaResource()), tree, claimedType);
	}

	private static void check(Schema schema, JsonNode tree, String eventType) {
		List<Error> errors = schema.validate(tree);
		if (!errors.isEmpty()) {
			throw new SchemaViolationException(eventType, errors.stream().map(EventCodec::describe).distinct().toList());
		}
	}

	private static String describe(Error error) {
		String location = error.getInstanceLocation().toString();
		String message = error.getMessage();
		return message.startsWith(location) ? message : location + ": " + message;
	}

	private Schema schema(String resource) {
		return schemas.computeIfAbsent(resource,
				location -> registry.getSchema(SchemaLocation.of("classpath:" + location)));
	}

	private static UnknownEventTypeException unknown(String eventType, int version) {
		return new UnknownEventTypeException("$.eventType: unknown event type \"" + eventType + "\" with "
				+ "schemaVersion " + version + "; known types: "
				+ EventCatalog.all().stream().map(EventType::toString).toList());
	}

	/**
	 * An event parsed but not yet validated.
	 *
	 * @param eventType its {@code eventType}, never {@literal null}
	 * @param json the whole event, never {@literal null}
	 */
	public record ParsedEvent(String eventType, JsonNode json) {
	}

	private static String preview(byte[] json) {
		String text = new String(json, 0, Math.min(json.length, 40), StandardCharsets.UTF_8);
		return text.replaceAll("\\p{Cntrl}", "?");
	}
}
