package dev.ordersaga.analytics.web;

/** The requested resource does not exist; answered with 404. */
public class NotFound extends RuntimeException {

	public NotFound(String message) {
		super(message);
	}
}
