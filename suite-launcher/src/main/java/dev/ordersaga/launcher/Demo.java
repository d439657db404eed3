package dev.ordersaga.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.authclient.AuthClient;
import dev.ordersaga.authclient.AuthClient.AuthException;
import dev.ordersaga.authclient.RenewingToken;
import dev.ordersaga.client.ServiceClient.Unreachable;
import dev.ordersaga.client.SuiteApi;
import dev.ordersaga.contracts.SuiteService;

/**
 * {@code ./suite demo}: seeds a catalogue and four customers, places one order along each path of
 * the saga (confirmed, declined, out of stock with refund, cancelled by the customer) through the
 * services' REST APIs, and prints each order's outcome, its timeline from analytics-service and the
 * e-mails notification-service sent. Every run uses fresh skus and customers, so it can be repeated.
 * It gets its tokens from auth-server as the suite's clients would: the staff client seeds the
 * catalogue, registers the customers and opens their accounts; each customer logs in, sets their
 * own address, places and cancels their own order; the operator client reads payments,
 * notifications and analytics.
 */
public final class Demo {

	private static final PrintStream out = System.out;


	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final SuiteApi api;

	/** Where analytics-service answers, for the lines that show a request to it. */
	private final String analytics;

	private final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final String mailApi;

	private final AuthClient auth;

	private final RenewingToken staff;

	private final RenewingToken operator;

	private Demo(String mailApi, URI authServer, Path secrets, Map<String, Integer> ports) throws IOException {
		this.api = new SuiteApi(service -> "http://localhost:" + ports.get(service),
				service -> "http://localhost:" + (ports.get(service) + SuiteService.MANAGEMENT_PORT_OFFSET))
			.timeout(Duration.ofSeconds(10));
		this.analytics = "http://localhost:" + ports.get(SuiteService.ANALYTICS.applicationName());
		this.mailApi = mailApi;
		this.auth = new AuthClient(authServer);
		this.staff = auth.renewingClientToken("staff", Files.readString(secrets.resolve("staff-client")).strip(),
				"staff");
		this.operator = auth.renewingClientToken("operator",
				Files.readString(secrets.resolve("operator-client")).strip(), "operator");
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 3 || args.length > 4) {
			System.err.println("usage: Demo <mail-api-url> <auth-server-url> <secrets-folder> [\"<the five services' ports>\"]");
			System.exit(2);
		}
		try {
			new Demo(args[0], URI.create(args[1]), Path.of(args[2]), ports(args.length == 4 ? args[3] : "")).run();
		}
		catch (DemoFailure | SuiteApi.Refused | IOException | AuthException | IllegalArgumentException ex) {
			System.err.println("demo: " + ex.getMessage());
			System.exit(1);
		}
		catch (Unreachable ex) {
			System.err.println("demo: " + ex.getMessage() + " (is the suite running? ./suite start)");
			System.exit(1);
		}
	}

	/**
	 * @param ports the saga services' API ports in the catalogue's order, as {@code SUITE_SERVICE_PORTS}
	 * gives them ("8081 8082 8083 8084 8085"); blank for the catalogue's own
	 */
	static Map<String, Integer> ports(String ports) {
		List<SuiteService> services = SuiteService.saga();
		String[] given = ports.isBlank() ? new String[0] : ports.strip().split("\\s+");
		if (given.length != 0 && given.length != services.size()) {
			throw new IllegalArgumentException("Expected " + services.size() + " ports (" + SuiteService.sagaNames()
					+ "), got \"" + ports + "\"");
		}
		Map<String, Integer> byService = new java.util.LinkedHashMap<>();
		for (int i = 0; i < services.size(); i++) {
			byService.put(services.get(i).applicationName(),
					given.length == 0 ? services.get(i).port() : Integer.parseInt(given[i]));
		}
		return byService;
	}

	private record Customer(String name, UUID id, String balance, AccessToken token) {

		String email() {
			return name.toLowerCase(Locale.ROOT) + "@example.org";
		}
	}

	private record Scenario(String title, String story, Customer customer, String sku, int quantity,
			boolean cancelAtOnce) {
	}

	private void run() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 4).toUpperCase(Locale.ROOT);
		String mug = "MUG-" + run;
		String lamp = "LAMP-" + run;
		out.println("Order saga demo, run " + run);
		out.println();
		out.println("Seeding: inventory-service gets " + mug + " (100 × 12.50 EUR) and " + lamp
				+ " (1 × 45.00 EUR); payment-service opens four accounts; notification-service keeps their addresses.");
		product(mug, "Mug", "12.50", 100);
		product(lamp, "Lamp", "45.00", 1);
		Customer ada = customer("Ada", run, "200.00");
		Customer bob = customer("Bob", run, "20.00");
		Customer cy = customer("Cy", run, "200.00");
		Customer dee = customer("Dee", run, "200.00");

		List<Scenario> scenarios = List.of(
				new Scenario("Confirmed", "Ada (200.00 EUR) orders 2 × " + mug, ada, mug, 2, false),
				new Scenario("Declined", "Bob (20.00 EUR) orders 2 × " + mug + " for 25.00 EUR", bob, mug, 2, false),
				new Scenario("Out of stock", "Cy orders 2 × " + lamp + ", of which 1 is in stock", cy, lamp, 2, false),
				new Scenario("Cancelled by the customer", "Dee orders 1 × " + mug + " and cancels at once", dee, mug, 1,
						true));
		int number = 0;
		for (Scenario scenario : scenarios) {
			number++;
			UUID orderId = place(scenario);
			JsonNode order = awaitTerminal(orderId);
			awaitTimeline(orderId);
			List<JsonNode> mails = awaitMails(orderId);
			JsonNode timeline = read(api.timeline(operator.get(), orderId));
			print(number, scenario, orderId, order, timeline, mails);
		}
		printSummary();
		out.println("The e-mails, as the SMTP server received them: " + mailApi + "/api/user/"
				+ URLEncoder.encode(ada.email(), StandardCharsets.UTF_8) + "/messages/INBOX (one mailbox per address)");
	}

	private void product(String sku, String name, String price, int available) throws Exception {
		api.expect(api.putProduct(staff.get(), sku, name, new BigDecimal(price), "EUR", available), 201);
	}

	/** Staff register the customer and open their account; the customer logs in and sets their own address. */
	private Customer customer(String name, String run, String balance) throws Exception {
		String login = name.toLowerCase(Locale.ROOT) + "-" + run.toLowerCase(Locale.ROOT);
		String password = UUID.randomUUID().toString();
		UUID id = auth.registerCustomer(staff.get(), login, password, false);
		Customer customer = new Customer(name, id, balance, auth.customerToken(login, password));
		api.expect(api.openAccount(staff.get(), customer.id(), "EUR", new BigDecimal(balance)), 201);
		api.expect(api.setContact(customer.token(), customer.id(), customer.email(), name), 201);
		return customer;
	}

	/** Places the order; order-service learns the new skus from inventory's events, so 422 is retried a while. */
	private UUID place(Scenario scenario) throws Exception {
		List<SuiteApi.Line> lines = List.of(new SuiteApi.Line(scenario.sku(), scenario.quantity()));
		AccessToken customer = scenario.customer().token();
		Instant deadline = Instant.now().plus(PATIENCE);
		HttpResponse<String> placed = api.placeOrder(customer, "EUR", lines, null);
		while (placed.statusCode() == 422 && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			placed = api.placeOrder(customer, "EUR", lines, null);
		}
		UUID orderId = api.orderId(api.expect(placed, 202));
		if (scenario.cancelAtOnce()) {
			HttpResponse<String> cancelled = api.cancelOrder(customer, orderId);
			if (cancelled.statusCode() == 409) {
				out.println("  (the saga was faster than the cancel: " + api.problem(cancelled) + ")");
			}
			else {
				api.expect(cancelled, 200);
			}
		}
		return orderId;
	}

	private JsonNode awaitTerminal(UUID orderId) throws Exception {
		return await("order " + orderId + " to end", () -> read(api.order(operator.get(), orderId)),
				order -> order.path("status").asString().matches("CONFIRMED|CANCELLED"));
	}

	/** Waits until analytics has the order's end and, for a paid order that was cancelled, its refund. */
	private JsonNode awaitTimeline(UUID orderId) throws Exception {
		JsonNode payment = first(read(api.payments(operator.get(), orderId)));
		boolean refunded = payment != null && "REFUNDED".equals(payment.path("status").asString());
		return await("analytics' timeline of order " + orderId, () -> read(api.timeline(operator.get(), orderId)),
				timeline -> timeline.path("endedAt").isString()
						&& (!refunded || steps(timeline).stream().anyMatch(s -> s.path("eventType").asString().equals("PaymentRefunded"))));
	}

	/** Waits until notification-service sent everything it owes for the order and analytics has seen it. */
	private List<JsonNode> awaitMails(UUID orderId) throws Exception {
		JsonNode sent = await("the e-mails of order " + orderId, () -> read(api.notifications(operator.get(), orderId)),
				mails -> mails.size() > 0 && all(mails, mail -> mail.path("status").asString().equals("SENT")));
		await("analytics to see the e-mails of order " + orderId, () -> read(api.timeline(operator.get(), orderId)),
				timeline -> steps(timeline).stream().filter(s -> s.path("eventType").asString().equals("NotificationSent")).count() == sent.size());
		List<JsonNode> mails = new ArrayList<>();
		sent.forEach(mails::add);
		return mails;
	}

	private void print(int number, Scenario scenario, UUID orderId, JsonNode order, JsonNode timeline,
			List<JsonNode> mails) throws Exception {
		out.println();
		out.printf("%d. %s: %s%n", number, scenario.title(), scenario.story());
		String reason = order.path("reason").isString() ? " (" + order.path("reason").asString() + ")" : "";
		out.printf("   order %s  %s%s  total %s %s%n", orderId, order.path("status").asString(), reason,
				order.path("total").asString(), order.path("currency").asString());
		Instant placed = Instant.parse(timeline.path("placedAt").asString());
		Instant ended = Instant.parse(timeline.path("endedAt").asString());
		out.printf("   placed → %s in %d ms; every event from every service, as analytics-service recorded it:%n",
				order.path("status").asString().toLowerCase(Locale.ROOT), Duration.between(placed, ended).toMillis());
		out.printf("   %9s %9s  %-21s %-27s %s%n", "at ms", "+ms", "producer", "event", "detail");
		for (JsonNode step : steps(timeline)) {
			long at = Duration.between(placed, Instant.parse(step.path("occurredAt").asString())).toMillis();
			String delay = step.path("delayMs").isNumber() ? "+" + step.path("delayMs").asLong() : "";
			String amount = step.path("amount").isString()
					? step.path("amount").asString() + " " + step.path("currency").asString() + " " : "";
			String detail = step.path("detail").isString() ? step.path("detail").asString() : "";
			out.printf("   %9d %9s  %-21s %-27s %s%n", at, delay, step.path("producer").asString(),
					step.path("eventType").asString(), (amount + detail).trim());
		}
		out.println("   e-mails:");
		for (JsonNode mail : mails) {
			out.printf("     %-19s to %-16s %s%n", mail.path("kind").asString(), mail.path("recipient").asString(),
					subjectOf(mail));
		}
		JsonNode payment = first(read(api.payments(operator.get(), orderId)));
		out.printf("   payment-service: %s; inventory-service: %s%n",
				payment == null ? "no payment" : payment.path("status").asString(),
				stock(scenario.sku()));
	}

	private String subjectOf(JsonNode mail) {
		return switch (mail.path("kind").asString()) {
			case "PAYMENT_RECEIPT" -> "payment of " + mail.path("amount").asString() + " EUR received";
			case "ORDER_CONFIRMATION" -> "order confirmed";
			case "ORDER_CANCELLATION" -> "order cancelled: " + mail.path("reason").asString()
					+ (mail.path("refundedAmount").isNull() || mail.path("refundedAmount").isMissingNode() ? ""
							: ", " + mail.path("refundedAmount").asString() + " EUR refunded");
			case "REFUND_NOTICE" -> mail.path("amount").asString() + " EUR refunded";
			default -> mail.path("kind").asString();
		};
	}

	private String stock(String sku) throws Exception {
		JsonNode product = read(api.product(staff.get(), sku));
		return sku + " " + product.path("available").asInt() + " available, " + product.path("reserved").asInt()
				+ " reserved";
	}

	private void printSummary() throws Exception {
		JsonNode summary = read(api.summary(operator.get()));
		out.println();
		out.println("analytics-service's summary of everything it has seen (GET " + analytics + "/api/analytics/summary):");
		summary.properties().forEach(entry -> {
			if (!entry.getValue().isNull()) {
				out.printf("   %-22s %s%n", entry.getKey(), entry.getValue());
			}
		});
		out.println();
	}

	private static List<JsonNode> steps(JsonNode timeline) {
		List<JsonNode> steps = new ArrayList<>();
		timeline.path("steps").forEach(steps::add);
		return steps;
	}

	private static boolean all(JsonNode array, Predicate<JsonNode> test) {
		for (JsonNode node : array) {
			if (!test.test(node)) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable JsonNode first(JsonNode node) {
		JsonNode array = node.isArray() ? node : node.path("content");
		return array.size() > 0 ? array.get(0) : null;
	}

	private interface Fetch {

		JsonNode fetch() throws Exception;
	}

	private JsonNode await(String what, Fetch fetch, Predicate<JsonNode> done) throws Exception {
		Instant deadline = Instant.now().plus(PATIENCE);
		@Nullable JsonNode last = null;
		while (Instant.now().isBefore(deadline)) {
			try {
				last = fetch.fetch();
				if (done.test(last)) {
					return last;
				}
			}
			catch (SuiteApi.Refused ex) {
				// not there yet (e.g. 404 until the first event is recorded)
			}
			Thread.sleep(100);
		}
		throw new DemoFailure("Gave up waiting for " + what + " after " + PATIENCE.toSeconds() + " s; last answer: " + last);
	}

	private JsonNode read(HttpResponse<String> response) {
		return json.readTree(api.expect(response, 200).body());
	}

	/** The demo could not go on; the message says why. */
	private static final class DemoFailure extends RuntimeException {

		DemoFailure(String message) {
			super(message);
		}
	}
}
