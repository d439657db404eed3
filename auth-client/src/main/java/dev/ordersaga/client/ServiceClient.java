package dev.ordersaga.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.ordersaga.authclient.AccessToken;

/**
 * One service's HTTP API: JSON in, status, headers and body out ({@link HttpResponse}, no mapping),
 * with a bearer token on every request once {@link #as(AccessToken) given one}. Immutable and
 * thread-safe; the copies {@link #as} and {@link #timeout} make share one {@link HttpClient}.
 */
public final class ServiceClient {

	/** HTTP/1.1: the services speak nothing else over plain HTTP, so no request asks to upgrade. */
	private static final HttpClient SHARED = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient http;

	private final String baseUrl;

	private final Duration timeout;

	private final @Nullable Supplier<AccessToken> token;

	private ServiceClient(HttpClient http, String baseUrl, Duration timeout, @Nullable Supplier<AccessToken> token) {
		this.http = http;
		this.baseUrl = baseUrl;
		this.timeout = timeout;
		this.token = token;
	}

	/** @param baseUrl e.g. {@code http://localhost:8081}, must not be {@literal null} */
	public static ServiceClient of(String baseUrl) {
		return of(baseUrl, SHARED);
	}

	/**
	 * @param baseUrl e.g. {@code http://localhost:8081}, must not be {@literal null}
	 * @param http the client to send with, e.g. one with its own executor; must not be {@literal null}
	 */
	public static ServiceClient of(String baseUrl, HttpClient http) {
		return new ServiceClient(http, baseUrl, TIMEOUT, null);
	}

	/** @return the client every {@link ServiceClient} sends with unless given another */
	static HttpClient shared() {
		return SHARED;
	}

	/** @return a client for a service listening on this port of localhost */
	public static ServiceClient onPort(int port) {
		return of("http://localhost:" + port);
	}

	/** @return the same client, sending this token with every request */
	public ServiceClient as(AccessToken token) {
		return as(() -> token);
	}

	/** @return the same client, sending the token the supplier gives at each request */
	public ServiceClient as(Supplier<AccessToken> token) {
		return new ServiceClient(http, baseUrl, timeout, token);
	}

	/** @return the same client, sending no token */
	public ServiceClient anonymous() {
		return new ServiceClient(http, baseUrl, timeout, null);
	}

	/** @return the same client, giving up on an answer after this long (30 s unless set) */
	public ServiceClient timeout(Duration timeout) {
		return new ServiceClient(http, baseUrl, timeout, token);
	}

	public HttpResponse<String> get(String path) {
		return send("GET", path, null, Map.of());
	}

	public HttpResponse<String> delete(String path) {
		return send("DELETE", path, null, Map.of());
	}

	public HttpResponse<String> put(String path, String json) {
		return send("PUT", path, json, Map.of());
	}

	public HttpResponse<String> post(String path, String json) {
		return send("POST", path, json, Map.of());
	}

	public HttpResponse<String> post(String path, String json, Map<String, String> headers) {
		return send("POST", path, json, headers);
	}

	/**
	 * Sends and waits for the answer.
	 * @param json the body, sent as {@code application/json} unless the headers name another type;
	 * {@literal null} for none
	 * @throws Unreachable when the service could not be reached or did not answer in time
	 */
	public HttpResponse<String> send(String method, String path, @Nullable String json, Map<String, String> headers) {
		HttpRequest request = request(method, path, json, headers);
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new Unreachable(method + " " + request.uri() + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new Unreachable(method + " " + request.uri() + ": interrupted", ex);
		}
	}

	/**
	 * Sends without waiting: the future completes with the answer, or exceptionally when the service
	 * could not be reached or did not answer in time.
	 */
	public CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, @Nullable String json,
			Map<String, String> headers) {
		return http.sendAsync(request(method, path, json, headers), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String method, String path, @Nullable String json, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
		if (token != null) {
			request.header("Authorization", "Bearer " + token.get().value());
		}
		if (json != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
			request.header("Content-Type", "application/json");
		}
		headers.forEach(request::header);
		return request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(json)).build();
	}

	/** The service could not be reached, or did not answer in time. */
	public static final class Unreachable extends IllegalStateException {

		Unreachable(String message, Throwable cause) {
			super(message, cause);
		}
	}
}
