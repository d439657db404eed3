package dev.ordersaga.analytics.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;


/**
 * Every service's messaging as one panel: it asks each service's admin API
 * ({@code /admin/messaging} on its management port) with the operator's own token, all at once. A service that does not answer in
 * {@link ConsoleSettings#adminTimeout()} is shown as unreachable; the others are still shown.
 */
@Service
public class MessagingPanel {


	private static final String ADMIN = "/admin/messaging";

	private final ConsoleSettings settings;

	private final Environment environment;

	private final JsonMapper json;

	private final HttpClient http;

	MessagingPanel(ConsoleSettings settings, Environment environment, JsonMapper json) {
		this.settings = settings;
		this.environment = environment;
		this.json = json;
		this.http = HttpClient.newBuilder().connectTimeout(settings.adminTimeout()).build();
	}

	/**
	 * @param authorization the operator's {@code Authorization} header, passed on, must not be {@literal null}
	 * @return each service's messaging, analytics-service first, never {@literal null}
	 */
	public List<ServiceMessaging> services(String authorization) {
		Map<String, CompletableFuture<Answer>> statuses = new LinkedHashMap<>();
		Map<String, CompletableFuture<Answer>> deadLetters = new LinkedHashMap<>();
		Map<String, CompletableFuture<Answer>> parkedRows = new LinkedHashMap<>();
		addresses().forEach((service, uri) -> {
			statuses.put(service, call(uri, "GET", "/status", authorization));
			deadLetters.put(service, call(uri, "GET", "/dead-letters?size=20", authorization));
			parkedRows.put(service, call(uri, "GET", "/outbox/parked?size=20", authorization));
		});
		List<ServiceMessaging> panel = new ArrayList<>();
		statuses.forEach((service, pending) -> {
			Answer status = pending.join();
			Answer letters = deadLetters.get(service).join();
			Answer parked = parkedRows.get(service).join();
			@Nullable Long lag = status.ok() ? consumerLag(status.body()) : null;
			panel.add(new ServiceMessaging(service, addresses().get(service).toString(), status.ok(),
					status.ok() ? null : status.error(), status.ok() ? status.body() : null,
					lag, letters.ok() ? letters.body() : null, parked.ok() ? parked.body() : null));
		});
		return panel;
	}

	/**
	 * @param status a service's {@code /admin/messaging/status}, whose {@code consumerLag} lists each
	 * assigned partition's lag ({@literal null} until its consumer fetched from it)
	 * @return the records behind summed over the partitions whose lag is known, {@literal null} when none is
	 */
	static @Nullable Long consumerLag(@Nullable JsonNode status) {
		if (status == null) {
			return null;
		}
		Long sum = null;
		for (JsonNode partition : status.path("consumerLag")) {
			JsonNode lag = partition.path("lag");
			if (lag.isNumber()) {
				sum = (sum == null ? 0 : sum) + lag.asLong();
			}
		}
		return sum;
	}

	/**
	 * Replays one of the service's dead letters through its admin API.
	 * @param service a service of the panel, must not be {@literal null}
	 * @param offset the dead letter's offset in the service's dead-letter topic
	 * @param authorization the operator's {@code Authorization} header, passed on, must not be {@literal null}
	 * @return the service's answer: its status code and body, or empty for a service not in the panel
	 */
	public Optional<Answer> replay(String service, long offset, String authorization) {
		URI uri = addresses().get(service);
		if (uri == null) {
			return Optional.empty();
		}
		return Optional.of(call(uri, "POST", "/dead-letters/" + offset + "/replay", authorization).join());
	}

	/**
	 * Retries or discards one of the service's parked outbox rows through its admin API.
	 * @param service a service of the panel, must not be {@literal null}
	 * @param position the row's position in the service's outbox
	 * @param action what the admin API offers for it, must not be {@literal null}
	 * @param authorization the operator's {@code Authorization} header, passed on, must not be {@literal null}
	 * @return the service's answer: its status code and body, or empty for a service not in the panel
	 */
	public Optional<Answer> parkedRow(String service, long position, ParkedRowAction action, String authorization) {
		URI uri = addresses().get(service);
		if (uri == null) {
			return Optional.empty();
		}
		return Optional.of(call(uri, "POST", "/outbox/parked/" + position + "/" + action.path(), authorization).join());
	}

	/** @return the admin addresses, analytics-service's own first */
	Map<String, URI> addresses() {
		Map<String, URI> addresses = new LinkedHashMap<>();
		String port = environment.getProperty("local.management.port", environment.getProperty("local.server.port", ""));
		addresses.put(ConsoleSettings.SELF, URI.create("http://127.0.0.1:" + port));
		new TreeMap<>(settings.services()).forEach(addresses::putIfAbsent);
		return addresses;
	}

	private CompletableFuture<Answer> call(URI base, String method, String path, String authorization) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + ADMIN + path))
			.timeout(settings.adminTimeout())
			.header("Authorization", authorization)
			.header("Accept", "application/json")
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
			JsonNode body = parse(response.body());
			boolean ok = response.statusCode() / 100 == 2;
			return new Answer(response.statusCode(), body, ok ? null : "HTTP " + response.statusCode()
					+ (body.path("detail").isString() ? ": " + body.path("detail").asString() : ""));
		}).exceptionally(error -> new Answer(0, json.createObjectNode(),
				"unreachable: " + (error.getCause() != null ? error.getCause() : error)));
	}

	private JsonNode parse(String body) {
		try {
			return body.isBlank() ? json.createObjectNode() : json.readTree(body);
		}
		catch (RuntimeException ex) {
			return json.createObjectNode().put("body", body.length() > 200 ? body.substring(0, 200) : body);
		}
	}

	/**
	 * A service's admin API's answer.
	 * @param status the HTTP status, 0 when it did not answer
	 * @param body its JSON body, an empty object when none
	 * @param error what went wrong, {@literal null} for a 2xx answer
	 */
	public record Answer(int status, JsonNode body, @Nullable String error) {

		boolean ok() {
			return error == null;
		}
	}

	/**
	 * One service's messaging.
	 * @param service its name
	 * @param adminUri where its admin API was asked
	 * @param reachable whether it answered the status request
	 * @param error why not, {@literal null} when it did
	 * @param status its {@code /admin/messaging/status}: outbox backlog, oldest age, parked rows, inbox counts
	 * @param consumerLag records behind on the partitions it consumes, {@literal null} when unknown
	 * @param deadLetters the first page of its dead letters, {@literal null} when not read
	 * @param parkedOutbox the first page of its parked outbox rows, with their errors, {@literal null} when not read
	 */
	public record ServiceMessaging(String service, String adminUri, boolean reachable, @Nullable String error,
			@Nullable JsonNode status, @Nullable Long consumerLag, @Nullable JsonNode deadLetters,
			@Nullable JsonNode parkedOutbox) {
	}

	/** What the library's admin API does with a parked outbox row. */
	public enum ParkedRowAction {

		/** Back into the relay's claim, with a fresh refusal count. */
		RETRY,
		/** Never published; its aggregate's later rows flow again. */
		DISCARD;

		String path() {
			return name().toLowerCase(Locale.ROOT);
		}
	}
}
