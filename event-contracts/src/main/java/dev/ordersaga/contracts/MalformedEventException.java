package dev.ordersaga.contracts;

/** The record is not a JSON object at all. */
public class MalformedEventException extends InvalidEventException {

	/**
	 * @param message what is wrong
	 * @param cause the parser's failure, may be {@literal null}
	 */
	public MalformedEventException(String message, Throwable cause) {
		super(message, cause);
	}

	/** @param message what is wrong */
	public MalformedEventException(String message) {
		super(message);
	}
}
