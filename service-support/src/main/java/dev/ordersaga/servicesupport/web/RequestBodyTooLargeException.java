package dev.ordersaga.servicesupport.web;

import java.io.IOException;

/** A request body read past {@link WebSettings#maxRequestBody()}: answered with 413. */
public class RequestBodyTooLargeException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param maxBytes the limit the body passed
	 */
	public RequestBodyTooLargeException(long maxBytes) {
		super(detail(maxBytes));
	}

	static String detail(long maxBytes) {
		return "The request body is larger than " + maxBytes + " bytes, the most this service reads";
	}
}
