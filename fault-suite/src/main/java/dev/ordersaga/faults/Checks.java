package dev.ordersaga.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.contracts.SuiteService;
import dev.ordersaga.testsupport.SagaInvariants;

/** Waits for the suite to become quiet, then checks every invariant of the saga. */
final class Checks {

	/**
	 * @param name what was checked
	 * @param violations one line per offending order, sku, customer or record; empty when it holds
	 */
	record Check(String name, List<String> violations) {

		boolean passed() {
			return violations.isEmpty();
		}
	}

	private final Suite suite;

	private final JdbcTemplate database;

	private final KafkaView kafka;

	private final Supplier<AccessToken> operator;

	/** @param operator a token of the operator client, for the services' metrics */
	Checks(Suite suite, JdbcTemplate database, KafkaView kafka, Supplier<AccessToken> operator) {
		this.operator = operator;
		this.suite = suite;
		this.database = database;
		this.kafka = kafka;
	}

	/**
	 * Waits until every order is confirmed or cancelled, every outbox is empty, every consumer group
	 * has read every topic to its end and every e-mail is sent.
	 * <p>
	 * The conditions are read one after another, not in one snapshot: a consumer can apply events
	 * (and record e-mails) between the read of the e-mails and the read of its lag. So the suite is
	 * quiet only when two readings half a second apart both say so; the time reported is the first's.
	 * @return how long that took, or {@literal null} when it did not happen within the limit
	 */
	Duration awaitQuiet(List<UUID> orders, Duration limit) {
		Instant start = Instant.now();
		Instant deadline = start.plus(limit);
		Instant quietSince = null;
		while (Instant.now().isBefore(deadline)) {
			if (!quiet(orders)) {
				quietSince = null;
			}
			else if (quietSince == null) {
				quietSince = Instant.now();
			}
			else {
				return Duration.between(start, quietSince);
			}
			LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
		}
		return null;
	}

	private boolean quiet(List<UUID> orders) {
		try {
			Long open = database.queryForObject("""
					SELECT count(*) FROM order_service.customer_order
					WHERE order_id = ANY(?::uuid[]) AND status IN ('PENDING', 'PAID')
					""", Long.class, (Object) ids(orders));
			if (open == null || open > 0) {
				return false;
			}
			for (String service : Suite.SERVICES) {
				// A parked row waits for an operator; it does not keep the suite busy.
				Long pending = database.queryForObject("SELECT count(*) FROM " + schema(service)
						+ ".outbox_event WHERE published_at IS NULL AND parked_at IS NULL", Long.class);
				if (pending == null || pending > 0) {
					return false;
				}
			}
			Long mails = database.queryForObject(
					"SELECT count(*) FROM notification_service.notification WHERE status = 'PENDING'", Long.class);
			return mails != null && mails == 0 && kafka.lag().values().stream().allMatch(behind -> behind == 0);
		}
		catch (RuntimeException ex) {
			return false; // the database or the broker is still coming back
		}
	}

	/** The least share of the orders meant to be confirmed that must be, whatever the fault. */
	static final double GOODPUT_TARGET = 0.99;

	/**
	 * @param oversized the event id of the oversized row the scenario appended, {@literal null} in other
	 * scenarios
	 */
	List<Check> verify(Scenario scenario, Load load, List<Poison.Record> poison, Map<String, Integer> deadLettersBefore,
			@Nullable UUID oversized) {
		List<UUID> orders = load.orders();
		List<Check> checks = new ArrayList<>();
		checks.add(new Check("goodput at least 99 % (orders meant to be confirmed were) and no order cancelled by "
				+ "TIMEOUT", goodput(load)));
		checks.add(new Check("saga invariants (terminal; charged once and reserved once if confirmed; nothing net "
				+ "if cancelled; stock conserved; no negative balance)",
				new SagaInvariants(database).violations(orders, load.initialStock(), load.initialBalances())));
		checks.add(new Check("every order's e-mails recorded and sent once per kind", mails(orders)));
		checks.add(new Check("analytics-service's view of every order equals order-service's", analytics(orders)));
		checks.add(new Check("dead-letter topics hold exactly the poison records, each where it belongs",
				deadLetters(poison, deadLettersBefore)));
		if (scenario == Scenario.OVERSIZED_EVENT) {
			checks.add(new Check("the relay parked the oversized event, with Kafka's refusal, and nothing else",
					parkedOnly(oversized)));
		}
		if (scenario == Scenario.ROLLING_UPGRADE) {
			checks.add(new Check("analytics-service recorded orders placed with OrderPlaced v1 and with v2",
					bothVersions(load.orders())));
		}
		return checks;
	}

	/**
	 * @return the orders meant to be confirmed that were not when goodput is under its target, and every
	 * order cancelled by the saga's deadline
	 */
	private List<String> goodput(Load load) {
		List<String> violations = new ArrayList<>();
		List<String> unconfirmed = database.queryForList("""
				SELECT order_id || ' ended ' || status || coalesce(' ' || cancel_reason, '')
				FROM order_service.customer_order WHERE order_id = ANY(?::uuid[]) AND status <> 'CONFIRMED'
				""", String.class, (Object) ids(load.meantToConfirm()));
		int meant = load.meantToConfirm().size();
		if (meant > 0 && (meant - unconfirmed.size()) < GOODPUT_TARGET * meant) {
			violations.add("goodput " + percent(meant - unconfirmed.size(), meant) + ": " + unconfirmed.size() + " of "
					+ meant + " orders meant to be confirmed were not");
			violations.addAll(unconfirmed);
		}
		violations.addAll(database.queryForList("""
				SELECT order_id || ' cancelled by TIMEOUT' FROM order_service.customer_order
				WHERE order_id = ANY(?::uuid[]) AND cancel_reason = 'TIMEOUT'
				""", String.class, (Object) ids(load.orders())));
		return violations;
	}

	private List<String> parkedOnly(@Nullable UUID oversized) {
		List<String> violations = new ArrayList<>();
		List<String> oversizedRow = database.queryForList("""
				SELECT CASE WHEN parked_at IS NULL THEN 'not parked: published ' || coalesce(published_at::text, 'never')
				            WHEN coalesce(last_error, '') NOT ILIKE '%large%' THEN 'parked with ' || coalesce(last_error, 'no error')
				            ELSE 'ok' END
				FROM order_service.outbox_event WHERE event_id = ?
				""", String.class, oversized);
		if (oversizedRow.isEmpty()) {
			violations.add("the oversized event " + oversized + " is not in order-service's outbox");
		}
		oversizedRow.stream().filter(row -> !row.equals("ok")).forEach(row -> violations.add(oversized + " " + row));
		for (String service : Suite.SERVICES) {
			violations.addAll(database.queryForList("SELECT '" + service + " parked ' || event_type || ' ' || event_id FROM "
					+ schema(service) + ".outbox_event WHERE parked_at IS NOT NULL AND published_at IS NULL AND event_id <> ?",
					String.class, oversized));
		}
		return violations;
	}

	private List<String> bothVersions(List<UUID> orders) {
		Map<Integer, Integer> byVersion = new HashMap<>();
		database.query("""
				SELECT schema_version, count(*) FROM analytics_service.analytics_event
				WHERE event_type = 'OrderPlaced' AND order_id = ANY(?::uuid[]) GROUP BY schema_version
				""", rs -> {
					byVersion.put(rs.getInt(1), rs.getInt(2));
				}, (Object) ids(orders));
		return byVersion.keySet().containsAll(List.of(1, 2)) ? List.of()
				: List.of("OrderPlaced recorded per version: " + byVersion + ", expected both 1 and 2");
	}

	/** @return how many of the orders meant to be confirmed were */
	int confirmed(List<UUID> orders) {
		Integer confirmed = database.queryForObject("""
				SELECT count(*) FROM order_service.customer_order WHERE order_id = ANY(?::uuid[]) AND status = 'CONFIRMED'
				""", Integer.class, (Object) ids(orders));
		return confirmed == null ? 0 : confirmed;
	}

	static String percent(int part, int whole) {
		return String.format(java.util.Locale.ROOT, "%.1f %%", whole == 0 ? 100.0 : 100.0 * part / whole);
	}

	private List<String> mails(List<UUID> orders) {
		List<String> violations = new ArrayList<>();
		Map<UUID, List<String>> sent = new HashMap<>();
		database.query("""
				SELECT order_id, kind, status FROM notification_service.notification WHERE order_id = ANY(?::uuid[])
				""", rs -> {
					UUID order = rs.getObject("order_id", UUID.class);
					String kind = rs.getString("kind");
					if (!rs.getString("status").equals("SENT")) {
						violations.add(order + " " + kind + " not sent");
					}
					sent.computeIfAbsent(order, key -> new ArrayList<>()).add(kind);
				}, (Object) ids(orders));
		for (UUID order : orders) {
			String status = database.queryForObject("SELECT status FROM order_service.customer_order WHERE order_id = ?",
					String.class, order);
			List<String> payment = database.queryForList("SELECT status FROM payment_service.payment WHERE order_id = ?",
					String.class, order);
			Set<String> expected = new HashSet<>();
			if (!payment.isEmpty() && !payment.get(0).equals("DECLINED")) {
				expected.add("PAYMENT_RECEIPT");
			}
			expected.add("CONFIRMED".equals(status) ? "ORDER_CONFIRMATION" : "ORDER_CANCELLATION");
			Set<String> actual = new HashSet<>(sent.getOrDefault(order, List.of()));
			actual.remove("REFUND_NOTICE"); // a refund later than the notice's wait gets its own e-mail
			if (!actual.equals(expected)) {
				violations.add(order + " (" + status + ", payment " + (payment.isEmpty() ? "none" : payment.get(0))
						+ "): e-mails " + actual + ", expected " + expected);
			}
		}
		return violations;
	}

	private List<String> analytics(List<UUID> orders) {
		return database.queryForList("""
				SELECT o.order_id || ': order-service ' || o.status || coalesce(' ' || o.cancel_reason, '')
				       || ', analytics ' || coalesce(a.status || coalesce(' ' || a.cancellation_reason, ''), 'nothing')
				FROM order_service.customer_order o
				LEFT JOIN analytics_service.order_fact a USING (order_id)
				WHERE o.order_id = ANY(?::uuid[])
				  AND (a.order_id IS NULL OR a.status <> o.status
				       OR coalesce(a.cancellation_reason, '') <> coalesce(o.cancel_reason, '')
				       OR a.total <> o.total)
				""", String.class, (Object) ids(orders));
	}

	/** Records in each service's dead-letter topic now. */
	Map<String, Integer> deadLetters() {
		Map<String, Integer> counts = new HashMap<>();
		for (String service : Suite.SERVICES) {
			counts.put(service, kafka.readAll(service + ".dlt").size());
		}
		return counts;
	}

	private List<String> deadLetters(List<Poison.Record> poison, Map<String, Integer> before) {
		List<String> violations = new ArrayList<>();
		for (String service : Suite.SERVICES) {
			List<ConsumerRecord<String, byte[]>> parked = kafka.readAll(service + ".dlt");
			List<String> values = parked.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
			long expectedNew = poison.stream().filter(p -> p.expectedIn().contains(service)).count();
			int added = parked.size() - before.getOrDefault(service, 0);
			if (added != expectedNew) {
				violations.add(service + ".dlt: " + added + " records added, expected " + expectedNew);
			}
			for (Poison.Record record : poison) {
				long copies = values.stream().filter(value -> value.contains(record.marker())).count();
				long expected = record.expectedIn().contains(service) ? 1 : 0;
				if (copies != expected) {
					violations.add(service + ".dlt holds " + copies + " copies of the " + record.kind() + " record on "
							+ record.topic() + ", expected " + expected);
				}
			}
		}
		return violations;
	}

	/** The inbox's duplicates skipped, per service (counted since its last start; absent when it is down). */
	Map<String, Long> duplicatesSkipped() {
		Map<String, Long> skipped = new HashMap<>();
		for (String service : Suite.SERVICES) {
			long total = 0;
			try {
				java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient()
					.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(suite.managementUrl(service) + "/actuator/prometheus"))
						.header("Authorization", "Bearer " + operator.get().value())
						.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
				if (response.statusCode() != 200) {
					throw new IllegalStateException(service + "'s metrics answered " + response.statusCode());
				}
				String metrics = new String(response.body(), StandardCharsets.UTF_8);
				for (String line : metrics.split("\n")) {
					if (line.startsWith("inbox_duplicates_total{")) {
						total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
					}
				}
				skipped.put(service, total);
			}
			catch (Exception ex) {
				// a service that is not up reports nothing
			}
		}
		return skipped;
	}

	/**
	 * @return the duplicates skipped between two readings, summed over the services; a service whose
	 * counter went down was restarted in between, and counts what it skipped since
	 */
	static long skippedBetween(Map<String, Long> before, Map<String, Long> after) {
		long total = 0;
		for (Map.Entry<String, Long> now : after.entrySet()) {
			long then = before.getOrDefault(now.getKey(), 0L);
			total += now.getValue() >= then ? now.getValue() - then : now.getValue();
		}
		return total;
	}

	Map<String, Long> outcomes(List<UUID> orders) {
		Map<String, Long> outcomes = new java.util.TreeMap<>();
		database.query("""
				SELECT status || coalesce(' ' || cancel_reason, ''), count(*) FROM order_service.customer_order
				WHERE order_id = ANY(?::uuid[]) GROUP BY 1
				""", rs -> {
					outcomes.put(rs.getString(1), rs.getLong(2));
				}, (Object) ids(orders));
		return outcomes;
	}

	private static String[] ids(List<UUID> orders) {
		return orders.stream().map(UUID::toString).toArray(String[]::new);
	}

	/** @return a service's schema, which is also its runtime role: {@code order-service} → {@code order_service} */
	static String schema(String service) {
		return SuiteService.named(service).schema();
	}
}
