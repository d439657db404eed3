package dev.ordersaga.servicesupport.web;

/** Something the API was asked for does not exist; answered as 404 problem+json, titled "Not found". */
public class NotFound extends RuntimeException {

	/** @param message what was asked for and is not there, the problem's detail */
	public NotFound(String message) {
		super(message);
	}
}
