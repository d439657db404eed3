package dev.ordersaga.client;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordersaga.authclient.AccessToken;

/**
 * The suite's REST API, one method an endpoint, as the suite's own clients use it: the demo, the
 * fault suite, the benchmarks and the end-to-end tests. Every call names who makes it (the token of
 * staff, a customer or the operator) and answers the service's response as it came, for the caller
 * to judge ({@link #expect}); a service that cannot be reached throws {@link ServiceClient.Unreachable}.
 * Thread-safe.
 */
public final class SuiteApi {

	private final JsonMapper json = JsonMapper.builder().build();

	private final Function<String, String> apiUrl;

	private final Function<String, String> managementUrl;

	private final HttpClient http;

	private final Duration timeout;

	/**
	 * Each function is asked once a service: the addresses must not change while this API is in use.
	 * @param apiUrl a service's API address by its name, e.g. {@code order-service} →
	 * {@code http://localhost:8081}; must not be {@literal null}
	 * @param managementUrl a service's management address by its name (the admin API)
	 */
	public SuiteApi(Function<String, String> apiUrl, Function<String, String> managementUrl) {
		this(memoized(apiUrl), memoized(managementUrl), ServiceClient.shared(), Duration.ofSeconds(30));
	}

	private static Function<String, String> memoized(Function<String, String> address) {
		Map<String, String> known = new ConcurrentHashMap<>();
		return service -> known.computeIfAbsent(service, address);
	}

	private SuiteApi(Function<String, String> apiUrl, Function<String, String> managementUrl, HttpClient http,
			Duration timeout) {
		this.apiUrl = apiUrl;
		this.managementUrl = managementUrl;
		this.http = http;
		this.timeout = timeout;
	}

	/** @return the same API, giving up on an answer after this long (30 s unless set) */
	public SuiteApi timeout(Duration timeout) {
		return new SuiteApi(apiUrl, managementUrl, http, timeout);
	}

	/** @return the same API, sending with this client (e.g. one with its own executor for answers) */
	public SuiteApi using(HttpClient http) {
		return new SuiteApi(apiUrl, managementUrl, http, timeout);
	}

	/** @return one service's API as this token's holder, for the paths this class has no method for */
	public ServiceClient service(String name, AccessToken token) {
		return ServiceClient.of(apiUrl.apply(name), http).timeout(timeout).as(token);
	}

	private ServiceClient management(String name, AccessToken token) {
		return ServiceClient.of(managementUrl.apply(name), http).timeout(timeout).as(token);
	}

	/** Staff put a product into inventory-service's catalogue: 201 when new. */
	public HttpResponse<String> putProduct(AccessToken staff, String sku, String name, BigDecimal unitPrice,
			String currency, int available) {
		return service("inventory-service", staff).put("/api/products/" + sku, body("name", name, "unitPrice",
				unitPrice, "currency", currency, "available", available));
	}

	/** Anyone with a token reads a product: its price, what is available and what is reserved. */
	public HttpResponse<String> product(AccessToken token, String sku) {
		return service("inventory-service", token).get("/api/products/" + sku);
	}

	/** Staff open a customer's account in payment-service: 201 when new. */
	public HttpResponse<String> openAccount(AccessToken staff, UUID customerId, String currency, BigDecimal balance) {
		return service("payment-service", staff).put("/api/accounts/" + customerId,
				body("currency", currency, "balance", balance));
	}

	/** A customer's payments, or any customer's for staff and the operator. */
	public HttpResponse<String> payments(AccessToken token, UUID orderId) {
		return service("payment-service", token).get("/api/payments?orderId=" + orderId);
	}

	/**
	 * A customer gives notification-service their address: 201 when new.
	 * @param name how the e-mails greet them, {@literal null} for none
	 */
	public HttpResponse<String> setContact(AccessToken customer, UUID customerId, String email, @Nullable String name) {
		return service("notification-service", customer).put("/api/customers/" + customerId + "/contact",
				name == null ? body("email", email) : body("email", email, "name", name));
	}

	/** The e-mails notification-service sent or owes about an order. */
	public HttpResponse<String> notifications(AccessToken token, UUID orderId) {
		return service("notification-service", token).get("/api/notifications?orderId=" + orderId);
	}

	/**
	 * A customer places an order: 202 with its id ({@link #orderId}) when order-service took it.
	 * @param idempotencyKey the same for every attempt at one order, so an attempt that was taken but
	 * whose answer was lost is not taken twice; {@literal null} for none
	 */
	public HttpResponse<String> placeOrder(AccessToken customer, String currency, List<Line> lines,
			@Nullable UUID idempotencyKey) {
		return service("order-service", customer).post("/api/orders", order(currency, lines),
				idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey.toString()));
	}

	/**
	 * {@link #placeOrder} without waiting for the answer: the future completes with it, or
	 * exceptionally when order-service could not be reached or did not answer in time.
	 */
	public CompletableFuture<HttpResponse<String>> placeOrderAsync(AccessToken customer, String currency,
			List<Line> lines) {
		return service("order-service", customer).sendAsync("POST", "/api/orders", order(currency, lines), Map.of());
	}

	/** A customer cancels their order: 200 when cancelled, 409 when it was too late. */
	public HttpResponse<String> cancelOrder(AccessToken customer, UUID orderId) {
		return service("order-service", customer).post("/api/orders/" + orderId + "/cancel", "");
	}

	/** An order, as its customer, staff or the operator see it. */
	public HttpResponse<String> order(AccessToken token, UUID orderId) {
		return service("order-service", token).get("/api/orders/" + orderId);
	}

	/** analytics-service's timeline of an order: every event of its saga (operator and staff). */
	public HttpResponse<String> timeline(AccessToken token, UUID orderId) {
		return service("analytics-service", token).get("/api/analytics/orders/" + orderId + "/timeline");
	}

	/** analytics-service's summary of everything it has seen (operator and staff). */
	public HttpResponse<String> summary(AccessToken token) {
		return service("analytics-service", token).get("/api/analytics/summary");
	}

	/** The operator discards a parked outbox row through a service's messaging admin API: 200. */
	public HttpResponse<String> discardParked(AccessToken operator, String service, long position) {
		return management(service, operator).post("/admin/messaging/outbox/parked/" + position + "/discard", "");
	}

	/** @return the id of the order a 202 answer to {@link #placeOrder} names */
	public UUID orderId(HttpResponse<String> placed) {
		return UUID.fromString(json(placed).path("orderId").asString());
	}

	/** @return the answer's body as JSON */
	public JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	/**
	 * @return the answer, when it has this status
	 * @throws Refused otherwise, saying what the service answered
	 */
	public HttpResponse<String> expect(HttpResponse<String> response, int status) {
		if (response.statusCode() != status) {
			throw new Refused(response.request().method() + " " + response.uri() + " answered "
					+ response.statusCode() + " instead of " + status + ": " + problem(response));
		}
		return response;
	}

	/** @return the {@code detail} of a problem+json answer, or else its whole body */
	public String problem(HttpResponse<String> response) {
		try {
			JsonNode problem = json(response);
			return problem.path("detail").isString() ? problem.path("detail").asString() : response.body();
		}
		catch (RuntimeException ex) {
			return response.body();
		}
	}

	private String order(String currency, List<Line> lines) {
		return body("currency", currency, "lines", lines);
	}

	private String body(Object... namesAndValues) {
		Map<Object, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			body.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return json.writeValueAsString(body);
	}

	/**
	 * One line of an order.
	 * @param sku the product, must not be {@literal null}
	 * @param quantity how many, at least 1
	 */
	public record Line(String sku, int quantity) {
	}

	/** A service answered with another status than the caller expected. */
	public static final class Refused extends IllegalStateException {

		Refused(String message) {
			super(message);
		}
	}
}
