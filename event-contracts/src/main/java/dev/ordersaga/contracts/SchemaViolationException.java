package dev.ordersaga.contracts;

import java.util.List;

/** The event does not follow the JSON Schema of its type and version. */
public class SchemaViolationException extends InvalidEventException {

	private final List<String> violations;

	/**
	 * @param eventType the type the event claimed (or "event" when it named none)
	 * @param violations each violation with its JSON path, e.g. {@code $.payload.lines[0].quantity: …}
	 */
	public SchemaViolationException(String eventType, List<String> violations) {
		super(eventType + " violates its contract: " + String.join("; ", violations));
		this.violations = List.copyOf(violations);
	}

	/** @return each violation with its JSON path, never {@literal null} */
	public List<String> violations() {
		return violations;
	}
}
