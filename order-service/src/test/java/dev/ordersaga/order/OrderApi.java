package dev.ordersaga.order;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/** order-service's REST API as a client sees it. */
final class OrderApi {

	private final int port;

	OrderApi(int port) {
		this.port = port;
	}

	HttpResponse<String> place(UUID customerId, String linesJson) {
		return post("/api/orders", "{\"customerId\":\"" + customerId + "\",\"currency\":\"EUR\",\"lines\":" + linesJson + "}",
				null);
	}

	HttpResponse<String> post(String path, String json, String idempotencyKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return send(request);
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	static UUID orderId(HttpResponse<String> placed) {
		String location = placed.headers().firstValue("Location").orElseThrow();
		return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}
}
