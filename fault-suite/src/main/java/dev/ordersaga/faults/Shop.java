package dev.ordersaga.faults;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.authclient.AuthClient;
import dev.ordersaga.authclient.AuthClient.AuthException;
import dev.ordersaga.authclient.RenewingToken;
import dev.ordersaga.client.ServiceClient.Unreachable;
import dev.ordersaga.client.SuiteApi;

/**
 * The suite's REST API as a shop uses it, with tokens from auth-server as its clients get them: the
 * staff client (its secret from the suite's secrets) seeds products, customers and accounts; each
 * customer logs in and places, cancels and gives the address of their own orders; the operator
 * client uses the messaging admin API. Tokens are fetched again before they expire.
 */
public final class Shop {

	private final AuthClient auth;

	/** Gives up on an answer after 10 s: an attempt whose answer was lost is tried again, not waited on. */
	private final SuiteApi api;

	private final Map<UUID, RenewingToken> customers = new ConcurrentHashMap<>();

	private final RenewingToken staff;

	private final RenewingToken operator;

	public Shop(Suite suite) {
		this.auth = new AuthClient(URI.create(suite.authUrl()));
		this.api = new SuiteApi(suite::url, suite::managementUrl).timeout(Duration.ofSeconds(10));
		this.staff = client(suite, "staff");
		this.operator = client(suite, "operator");
	}

	/** The secret is read when the token is first fetched: once the suite has made it. */
	private RenewingToken client(Suite suite, String clientId) {
		return new RenewingToken(() -> auth.clientToken(clientId, suite.secret(clientId + "-client"), clientId));
	}

	public void product(String sku, String price, int available) {
		api.expect(api.putProduct(staff.get(), sku, sku, new BigDecimal(price), "EUR", available), 201);
	}

	/**
	 * Registers a customer in auth-server (staff), opens their account (staff) and gives their address
	 * (the customer, logged in).
	 * @param login the login name, unique in the suite
	 * @return the customer's id
	 */
	public UUID customer(String login, String balance, String email) {
		String password = UUID.randomUUID().toString();
		UUID customerId = auth.registerCustomer(staff.get(), login, password, false);
		RenewingToken customer = auth.renewingCustomerToken(login, password);
		customers.put(customerId, customer);
		api.expect(api.openAccount(staff.get(), customerId, "EUR", new BigDecimal(balance)), 201);
		api.expect(api.setContact(customer.get(), customerId, email, null), 201);
		return customerId;
	}

	/**
	 * Logs again every customer whose token would expire within the given time, so that a measured
	 * stretch of load never waits for a login.
	 */
	public void renewTokensExpiringWithin(Duration time) {
		customers.values().forEach(login -> login.renewIfExpiringWithin(time));
	}

	/** @return a valid token of a customer this shop registered */
	public AccessToken token(UUID customerId) {
		RenewingToken login = customers.get(customerId);
		if (login == null) {
			throw new IllegalArgumentException("Customer " + customerId + " was not registered by this shop");
		}
		return login.get();
	}

	/** @return a valid token of the operator client */
	public AccessToken operator() {
		return operator.get();
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
			placed = api.placeOrder(token(customerId), "EUR", List.of(new SuiteApi.Line(sku, quantity)),
					idempotencyKey);
		}
		catch (Unreachable | AuthException ex) {
			return Optional.empty();
		}
		if (placed.statusCode() != 202) {
			return Optional.empty();
		}
		return Optional.of(api.orderId(placed));
	}

	/** Discards a parked outbox row through the service's messaging admin API, as an operator would. */
	void discardParked(String service, long position) {
		api.expect(api.discardParked(operator.get(), service, position), 200);
	}

	/**
	 * The customer cancels their order.
	 * @return whether order-service accepted the cancel (200), refused it (409) or could not be reached
	 */
	int cancel(UUID customerId, UUID orderId) {
		try {
			return api.cancelOrder(token(customerId), orderId).statusCode();
		}
		catch (Unreachable | AuthException ex) {
			return 0;
		}
	}
}
