package dev.ordersaga.contracts;

import java.util.Objects;
import java.util.function.Function;

/**
 * One version of one event type: its record, topic and aggregate. Equal by name and version.
 *
 * @param <E> the payload record
 */
public final class EventType<E extends IntegrationEvent> {

	private final String name;

	private final int version;

	private final Class<E> payloadType;

	private final Topic topic;

	private final String aggregateType;

	private final Function<E, String> aggregateId;

	EventType(String name, int version, Class<E> payloadType, Topic topic, String aggregateType,
			Function<E, String> aggregateId) {
		if (version < 1) {
			throw new IllegalArgumentException("Versions start at 1, " + name + " has " + version);
		}
		this.name = name;
		this.version = version;
		this.payloadType = payloadType;
		this.topic = topic;
		this.aggregateType = aggregateType;
		this.aggregateId = aggregateId;
	}

	/** @return the type name, e.g. {@code OrderPlaced} */
	public String name() {
		return name;
	}

	/** @return the contract version, from 1 */
	public int version() {
		return version;
	}

	/** @return the record of this version */
	public Class<E> payloadType() {
		return payloadType;
	}

	/** @return the topic the type is published to */
	public Topic topic() {
		return topic;
	}

	/** @return the aggregate type, e.g. {@code Order} */
	public String aggregateType() {
		return aggregateType;
	}

	/**
	 * @param event an event of this type, must not be {@literal null}
	 * @return its aggregate id, which is also its Kafka key
	 */
	public String aggregateIdOf(E event) {
		return aggregateId.apply(event);
	}

	/** @return the classpath location of this version's JSON Schema, beside the record */
	public String schemaResource() {
		return payloadType.getName().replace('.', '/') + ".schema.json";
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof EventType<?> type && type.name.equals(name) && type.version == version;
	}

	@Override
	public int hashCode() {
		return Objects.hash(name, version);
	}

	@Override
	public String toString() {
		return name + " v" + version;
	}
}
