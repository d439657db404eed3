package dev.ordersaga.authclient;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gets tokens from the suite's authorization server (auth-server) the way its real clients would:
 * <ul>
 * <li>{@link #clientToken}: client credentials, for the staff and operator scripts;</li>
 * <li>{@link #customerToken}: a customer's login through the public {@code shop} client, the
 * authorization code flow with PKCE, the login form filled in as a browser would;</li>
 * <li>{@link #userToken}: the same through another public client (the saga console's);</li>
 * <li>{@link #registerCustomer}: staff registering a customer who may then log in;</li>
 * <li>{@link #setStaffMember}: an operator setting a staff member's or operator's login.</li>
 * </ul>
 * Thread-safe; each customer login has its own cookies.
 */
public final class AuthClient {

	/** The shop's registered redirect; it is never called, the code is read from the redirect itself. */
	public static final String SHOP_REDIRECT_URI = "http://127.0.0.1:8079/callback";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final URI base;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	/** @param base the authorization server's address, e.g. {@code http://localhost:9000} */
	public AuthClient(URI base) {
		this.base = base;
		this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
	}

	/**
	 * A token for a confidential client by client credentials.
	 * @param scope the scopes asked for, space separated (the suite's {@code staff} client has {@code staff}, its
	 * {@code operator} client {@code operator})
	 */
	public AccessToken clientToken(String clientId, String secret, String scope) {
		HttpRequest request = HttpRequest.newBuilder(base.resolve("/oauth2/token"))
			.timeout(TIMEOUT)
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((form(clientId) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8)))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + form(scope)))
			.build();
		return token(send(http, request), "client " + clientId);
	}

	/**
	 * {@link #clientToken} fetched when first asked for and again before it expires.
	 * @param scope the scopes asked for, space separated
	 */
	public RenewingToken renewingClientToken(String clientId, String secret, String scope) {
		return new RenewingToken(() -> clientToken(clientId, secret, scope));
	}

	/** {@link #customerToken}: the customer logs in when first asked for and again before it expires. */
	public RenewingToken renewingCustomerToken(String username, String password) {
		return new RenewingToken(() -> customerToken(username, password));
	}

	/**
	 * Logs a customer in through the shop client: authorization code with PKCE.
	 * @throws AuthException when the login or any step after it is refused
	 */
	public AccessToken customerToken(String username, String password) {
		return userToken("shop", SHOP_REDIRECT_URI, "openid customer", username, password);
	}

	/**
	 * Logs a user in through a public client as a browser would: authorization code with PKCE, the
	 * login form, the code exchanged at the token endpoint.
	 * @param scope the scopes asked for, space separated; the user's role decides which they get
	 * @throws AuthException when the login or any step after it is refused
	 */
	public AccessToken userToken(String clientId, String redirectUri, String scope, String username, String password) {
		HttpClient browser = HttpClient.newBuilder()
			.connectTimeout(TIMEOUT)
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String verifier = random();
		String state = random();
		Map<String, String> authorize = new LinkedHashMap<>();
		authorize.put("response_type", "code");
		authorize.put("client_id", clientId);
		authorize.put("scope", scope);
		authorize.put("redirect_uri", redirectUri);
		authorize.put("code_challenge", challenge(verifier));
		authorize.put("code_challenge_method", "S256");
		authorize.put("state", state);
		HttpResponse<String> toLogin = send(browser, get(base.resolve("/oauth2/authorize?" + encode(authorize))));
		expectRedirect(toLogin, "/login", "the authorize request");
		HttpResponse<String> loginPage = send(browser, get(base.resolve("/login")));
		Matcher csrf = CSRF.matcher(loginPage.body());
		if (loginPage.statusCode() != 200 || !csrf.find()) {
			throw new AuthException("The login page answered " + loginPage.statusCode() + " without a form");
		}
		HttpResponse<String> loggedIn = send(browser, HttpRequest.newBuilder(base.resolve("/login"))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(
					encode(Map.of("username", username, "password", password, "_csrf", csrf.group(1)))))
			.build());
		String afterLogin = location(loggedIn, "the login");
		if (afterLogin.contains("/login?error")) {
			throw new AuthException("The authorization server refused the login of " + username);
		}
		HttpResponse<String> withCode = send(browser, get(base.resolve(afterLogin)));
		URI callback = URI.create(location(withCode, "the authorization"));
		Map<String, String> parameters = parameters(callback.getRawQuery());
		if (!state.equals(parameters.get("state")) || !parameters.containsKey("code")) {
			throw new AuthException("The authorization answered " + callback + " instead of a code for this login");
		}
		Map<String, String> exchange = new LinkedHashMap<>();
		exchange.put("grant_type", "authorization_code");
		exchange.put("code", parameters.get("code"));
		exchange.put("redirect_uri", redirectUri);
		exchange.put("client_id", clientId);
		exchange.put("code_verifier", verifier);
		return token(send(browser, HttpRequest.newBuilder(base.resolve("/oauth2/token"))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(exchange)))
			.build()), "user " + username);
	}

	/**
	 * Sets a staff member's or operator's login (operators only): created when new, role and password
	 * replaced otherwise.
	 * @param role {@code staff} or {@code operator}
	 */
	public void setStaffMember(AccessToken operator, String username, String role, String password) {
		String body = json.writeValueAsString(Map.of("role", role, "password", password));
		HttpResponse<String> response = send(http, HttpRequest.newBuilder(base.resolve("/api/staff-members/" + form(username)))
			.timeout(TIMEOUT)
			.header("Authorization", "Bearer " + operator.value())
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build());
		if (response.statusCode() != 201 && response.statusCode() != 200) {
			throw new AuthException("Setting staff member " + username + " answered " + response.statusCode() + ": "
					+ response.body());
		}
	}

	/**
	 * Registers a customer (staff only). A login name already taken answers the customer who has it
	 * only when {@code reuse} is set.
	 * @return the customer's id, the subject of their tokens
	 */
	public UUID registerCustomer(AccessToken staff, String username, String password, boolean reuse) {
		String body = json.writeValueAsString(Map.of("username", username, "password", password));
		HttpResponse<String> response = send(http, HttpRequest.newBuilder(base.resolve("/api/customers"))
			.timeout(TIMEOUT)
			.header("Authorization", "Bearer " + staff.value())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
		if (response.statusCode() == 409 && reuse) {
			response = send(http, HttpRequest.newBuilder(base.resolve("/api/customers/" + form(username)))
				.timeout(TIMEOUT)
				.header("Authorization", "Bearer " + staff.value())
				.GET()
				.build());
		}
		if (response.statusCode() != 201 && response.statusCode() != 200) {
			throw new AuthException("Registering customer " + username + " answered " + response.statusCode() + ": "
					+ response.body());
		}
		return UUID.fromString(json.readTree(response.body()).path("id").asString());
	}

	private AccessToken token(HttpResponse<String> response, String who) {
		if (response.statusCode() != 200) {
			throw new AuthException("The token endpoint refused " + who + ": " + response.statusCode() + " "
					+ response.body());
		}
		JsonNode token = json.readTree(response.body());
		return new AccessToken(token.path("access_token").asString(),
				Instant.now().plusSeconds(token.path("expires_in").asLong(60)));
	}

	private static HttpRequest get(URI uri) {
		return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "text/html").GET().build();
	}

	private static void expectRedirect(HttpResponse<String> response, String path, String step) {
		String location = location(response, step);
		if (!URI.create(location).getPath().equals(path)) {
			throw new AuthException(step + " redirected to " + location + ", not to " + path);
		}
	}

	private static String location(HttpResponse<String> response, String step) {
		if (response.statusCode() / 100 != 3) {
			throw new AuthException(step + " answered " + response.statusCode() + " instead of a redirect: "
					+ response.body());
		}
		return response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new AuthException(step + " redirected without a Location"));
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AuthException("Could not reach the authorization server at " + request.uri() + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AuthException("Interrupted while talking to the authorization server", ex);
		}
	}

	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String form(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String encode(Map<String, String> parameters) {
		return parameters.entrySet()
			.stream()
			.map(entry -> form(entry.getKey()) + "=" + form(entry.getValue()))
			.collect(Collectors.joining("&"));
	}

	private static Map<String, String> parameters(String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		for (String pair : query == null ? new String[0] : query.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				parameters.put(java.net.URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return parameters;
	}

	/** The authorization server refused a step, or could not be reached. */
	public static final class AuthException extends RuntimeException {

		AuthException(String message) {
			super(message);
		}

		AuthException(String message, Throwable cause) {
			super(message, cause);
		}
	}
}
