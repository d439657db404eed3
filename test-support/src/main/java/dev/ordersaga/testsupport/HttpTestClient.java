package dev.ordersaga.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.authclient.AccessToken;

/**
 * A plain HTTP client for a service under test: JSON in, status and body out, no mapping; with a
 * bearer token on every request once {@link #as(AccessToken) given one}.
 */
public final class HttpTestClient {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final HttpClient http = HTTP;

	private final String baseUrl;

	private final @Nullable AccessToken token;

	/** @param baseUrl e.g. {@code http://localhost:8081} */
	public HttpTestClient(String baseUrl) {
		this(baseUrl, null);
	}

	private HttpTestClient(String baseUrl, @Nullable AccessToken token) {
		this.baseUrl = baseUrl;
		this.token = token;
	}

	/** @return the same client, sending this token with every request */
	public HttpTestClient as(AccessToken token) {
		return new HttpTestClient(baseUrl, token);
	}

	/** @return the same client, sending no token */
	public HttpTestClient anonymous() {
		return new HttpTestClient(baseUrl, null);
	}

	/** @return a client for a service listening on this port of localhost */
	public static HttpTestClient onPort(int port) {
		return new HttpTestClient("http://localhost:" + port);
	}

	public HttpResponse<String> delete(String path) {
		return send(request(path, Map.of()).DELETE());
	}

	public HttpResponse<String> get(String path) {
		return send(request(path, Map.of()).GET());
	}

	public HttpResponse<String> put(String path, String json) {
		return send(request(path, Map.of("Content-Type", "application/json")).PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> post(String path, String json) {
		return post(path, json, Map.of());
	}

	public HttpResponse<String> post(String path, String json, Map<String, String> headers) {
		Map<String, String> all = new java.util.HashMap<>(headers);
		all.putIfAbsent("Content-Type", "application/json");
		return send(request(path, all).POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpRequest.Builder request(String path, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
		if (token != null) {
			request.header("Authorization", "Bearer " + token.value());
		}
		headers.forEach(request::header);
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("HTTP call to " + baseUrl + " failed", ex);
		}
	}
}
