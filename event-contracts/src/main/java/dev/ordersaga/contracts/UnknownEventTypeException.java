package dev.ordersaga.contracts;

/** The envelope names an event type and version that the {@link EventCatalog} does not know. */
public class UnknownEventTypeException extends InvalidEventException {

	/** @param message names {@code eventType} and {@code schemaVersion} */
	public UnknownEventTypeException(String message) {
		super(message);
	}
}
