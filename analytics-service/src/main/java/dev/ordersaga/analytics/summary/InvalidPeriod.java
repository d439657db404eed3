package dev.ordersaga.analytics.summary;

/** A period whose start is not before its end; answered with 400. */
public class InvalidPeriod extends RuntimeException {

	InvalidPeriod(String message) {
		super(message);
	}
}
