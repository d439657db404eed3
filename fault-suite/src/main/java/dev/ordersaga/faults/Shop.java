package dev.ordersaga.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/** The suite's REST API as a shop uses it. */
public final class Shop {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final Suite suite;

	public Shop(Suite suite) {
		this.suite = suite;
	}

	public void product(String sku, String price, int available) {
		expect(send("PUT", suite.url("inventory-service") + "/api/products/" + sku, """
				{"name":"%s","unitPrice":%s,"currency":"EUR","available":%d}""".formatted(sku, price, available)), 201);
	}

	public void customer(UUID customerId, String balance, String email) {
		expect(send("PUT", suite.url("payment-service") + "/api/accounts/" + customerId, """
				{"currency":"EUR","balance":%s}""".formatted(balance)), 201);
		expect(send("PUT", suite.url("notification-service") + "/api/customers/" + customerId + "/contact", """
				{"email":"%s"}""".formatted(email)), 201);
	}

	/**
	 * @param idempotencyKey the same for every attempt at one order, so an attempt that was taken but
	 * whose answer was lost (a timeout while the database came back) is not taken twice
	 * @return the order's id, or empty when order-service did not accept it (down, its database is, or
	 * it refused new orders while the saga is behind)
	 */
	Optional<UUID> place(UUID idempotencyKey, UUID customerId, String sku, int quantity) {
		HttpResponse<String> placed;
		try {
			placed = send("POST", suite.url("order-service") + "/api/orders", """
					{"customerId":"%s","currency":"EUR","lines":[{"sku":"%s","quantity":%d}]}""".formatted(customerId,
					sku, quantity), Map.of("Idempotency-Key", idempotencyKey.toString()));
		}
		catch (Unavailable ex) {
			return Optional.empty();
		}
		if (placed.statusCode() != 202) {
			return Optional.empty();
		}
		return Optional.of(UUID.fromString(json.readTree(placed.body()).path("orderId").asString()));
	}

	/** Discards a parked outbox row through the service's messaging admin API, as an operator would. */
	void discardParked(String service, long position) {
		expect(send("POST", suite.url(service) + "/admin/messaging/outbox/parked/" + position + "/discard", ""), 200);
	}

	/** @return whether order-service accepted the cancel (200), refused it (409) or could not be reached */
	int cancel(UUID orderId) {
		try {
			return send("POST", suite.url("order-service") + "/api/orders/" + orderId + "/cancel", "").statusCode();
		}
		catch (Unavailable ex) {
			return 0;
		}
	}

	private HttpResponse<String> send(String method, String url, String body) {
		return send(method, url, body, Map.of());
	}

	private HttpResponse<String> send(String method, String url, String body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
		headers.forEach(request::header);
		if (body == null) {
			request.GET();
		}
		else {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new Unavailable(method + " " + url + ": " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Unavailable("interrupted");
		}
	}

	private static void expect(HttpResponse<String> response, int status) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
					+ response.statusCode() + ", expected " + status + ": " + response.body());
		}
	}

	/** The service could not be reached. */
	static final class Unavailable extends RuntimeException {

		Unavailable(String message) {
			super(message);
		}
	}
}
