package dev.ordersaga.notification.web;

/** Something the API was asked for does not exist; answered as 404 problem+json. */
public class NotFound extends RuntimeException {

	public NotFound(String message) {
		super(message);
	}
}
