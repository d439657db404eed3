package dev.ordersaga.order;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.testsupport.AuthServerProcess.TestCustomer;
import dev.ordersaga.client.ServiceClient;
import dev.ordersaga.testsupport.TestInfrastructure;

/**
 * order-service's REST API as one customer sees it: a customer registered in the real auth-server
 * for this test, whose token goes with every request.
 */
final class OrderApi {

	private final int port;

	private final TestCustomer customer;

	private final ServiceClient http;

	/** As a customer registered just now. */
	OrderApi(int port) {
		this(port, TestInfrastructure.get().auth().newCustomer());
	}

	private OrderApi(int port, TestCustomer customer) {
		this.port = port;
		this.customer = customer;
		this.http = ServiceClient.onPort(port).as(customer.token());
	}

	/** @return the same API as another customer, registered just now */
	OrderApi anotherCustomer() {
		return new OrderApi(port);
	}

	UUID customerId() {
		return customer.id();
	}

	String token() {
		return customer.token().value();
	}

	/** @return the plain client, with this customer's token */
	ServiceClient http() {
		return http;
	}

	HttpResponse<String> place(String linesJson) {
		return post("/api/orders", "{\"currency\":\"EUR\",\"lines\":" + linesJson + "}", null);
	}

	HttpResponse<String> post(String path, String json, @Nullable String idempotencyKey) {
		return http.post(path, json, idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
	}

	HttpResponse<String> get(String path) {
		return http.get(path);
	}

	static UUID orderId(HttpResponse<String> placed) {
		String location = placed.headers().firstValue("Location").orElseThrow();
		return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
	}
}
