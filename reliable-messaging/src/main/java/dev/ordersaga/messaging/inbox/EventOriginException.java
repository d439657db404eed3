package dev.ordersaga.messaging.inbox;

import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.EventType;
import dev.ordersaga.contracts.InvalidEventException;
import dev.ordersaga.contracts.Topic;

/**
 * A valid event that came from the wrong place: on another topic than the one its type belongs to,
 * or naming another producer than that topic's owner. Written by a bug or by someone who may write
 * to a topic they do not own; never handled, dead-lettered with this message.
 */
public class EventOriginException extends InvalidEventException {

	private static final long serialVersionUID = 1L;

	EventOriginException(String message) {
		super(message);
	}

	/**
	 * @param topic the topic the event was consumed from, must not be {@literal null}
	 * @param type the event's catalogued type, must not be {@literal null}
	 * @param envelope the event, must not be {@literal null}
	 * @throws EventOriginException when the event did not come on its type's topic from its owner
	 */
	static void check(String topic, EventType<?> type, EventEnvelope envelope) {
		Topic home = type.topic();
		if (!home.name().equals(topic)) {
			throw new EventOriginException(type.name() + " v" + type.version() + " belongs on " + home.name()
					+ ", but came on " + topic);
		}
		if (!home.producer().equals(envelope.producer())) {
			throw new EventOriginException("$.producer: " + type.name() + " on " + topic + " names the producer \""
					+ envelope.producer() + "\"; only " + home.producer() + " publishes on " + topic);
		}
	}
}
