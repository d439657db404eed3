package dev.ordersaga.contracts;

/**
 * A record that is not a valid event. Consumers do not retry it: it goes to their dead-letter topic.
 */
public class InvalidEventException extends RuntimeException {

	/**
	 * @param message what is wrong, naming the offending field where there is one
	 * @param cause the underlying failure, may be {@literal null}
	 */
	public InvalidEventException(String message, Throwable cause) {
		super(message, cause);
	}

	/** @param message what is wrong, naming the offending field where there is one */
	public InvalidEventException(String message) {
		super(message);
	}
}
