package dev.ordersaga.order;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.testsupport.HttpTestClient;

/** order-service's REST API as a client sees it. */
final class OrderApi {

	private final HttpTestClient http;

	OrderApi(int port) {
		this.http = HttpTestClient.onPort(port);
	}

	HttpResponse<String> place(UUID customerId, String linesJson) {
		return post("/api/orders", "{\"customerId\":\"" + customerId + "\",\"currency\":\"EUR\",\"lines\":" + linesJson + "}",
				null);
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
