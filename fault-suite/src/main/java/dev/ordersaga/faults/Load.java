package dev.ordersaga.faults;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A steady, mixed load of orders through order-service's REST API: most are paid and in stock, some
 * customers cannot pay, several orders race for the last units of a scarce sku, and one in ten is
 * cancelled by its customer right away. Orders are started at a fixed rate whatever the answers
 * take; an order refused while order-service (or its database) is down is tried again until accepted.
 */
final class Load {

	/** How long an order is tried again while order-service or its database is down: past the longest outage. */
	private static final Duration PATIENCE = Duration.ofMinutes(10);

	private final Shop shop;

	private final JdbcTemplate database;

	private final String plenty;

	private final String scarce;

	private final List<UUID> richCustomers = new ArrayList<>();

	private final List<UUID> poorCustomers = new ArrayList<>();

	private final Map<String, Integer> initialStock = new LinkedHashMap<>();

	private final Map<UUID, BigDecimal> initialBalances = new LinkedHashMap<>();

	private final List<UUID> orders = Collections.synchronizedList(new ArrayList<>());

	/** Orders a rich customer placed for the plentiful sku and did not cancel: without a fault, each is confirmed. */
	private final List<UUID> meantToConfirm = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger refused = new AtomicInteger();

	private final AtomicInteger cancelRequests = new AtomicInteger();

	/** Seeds this run's products and customers and waits until order-service can price them. */
	Load(Shop shop, JdbcTemplate database, String run, int orders) {
		this.shop = shop;
		this.database = database;
		this.plenty = "PLENTY-" + run;
		this.scarce = "SCARCE-" + run;
		int scarceUnits = Math.max(10, orders / 25);
		shop.product(plenty, "5.00", 1_000_000);
		shop.product(scarce, "20.00", scarceUnits);
		initialStock.put(plenty, 1_000_000);
		initialStock.put(scarce, scarceUnits);
		for (int i = 0; i < 25; i++) {
			boolean poor = i % 5 == 0;
			String balance = poor ? "8.00" : "100000.00";
			String login = "c" + i + "-" + run.toLowerCase();
			UUID customer = shop.customer(login, balance, login + "@example.org");
			(poor ? poorCustomers : richCustomers).add(customer);
			initialBalances.put(customer, new BigDecimal(balance));
		}
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (database.queryForObject("SELECT count(*) FROM order_service.catalog_product WHERE sku IN (?, ?)",
				Integer.class, plenty, scarce) < 2) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("order-service did not learn the skus " + plenty + ", " + scarce);
			}
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
	}

	/** Places {@code count} orders, starting one every {@code 1/perSecond} s; returns when all were accepted. */
	void run(int count, double perSecond) {
		Random random = new Random(count);
		ExecutorService shoppers = Executors.newFixedThreadPool(16);
		List<Future<?>> placing = new ArrayList<>();
		long interval = (long) (1_000_000_000L / perSecond);
		long next = System.nanoTime();
		try {
			for (int i = 0; i < count; i++) {
				LockSupport.parkNanos(next - System.nanoTime());
				next += interval;
				int kind = random.nextInt(20);
				UUID customer = kind == 0 ? pick(poorCustomers, random) : pick(richCustomers, random);
				String sku = kind < 5 ? scarce : plenty;
				int quantity = 1 + random.nextInt(sku.equals(scarce) ? 3 : 4);
				boolean cancel = kind >= 18;
				placing.add(shoppers.submit(() -> placeUntilAccepted(customer, sku, quantity, cancel)));
			}
			for (Future<?> order : placing) {
				order.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("The load did not finish: " + ex, ex);
		}
		finally {
			shoppers.shutdownNow();
		}
	}

	private void placeUntilAccepted(UUID customer, String sku, int quantity, boolean cancel) {
		Instant deadline = Instant.now().plus(PATIENCE);
		UUID idempotencyKey = UUID.randomUUID();
		Optional<UUID> placed = shop.place(idempotencyKey, customer, sku, quantity);
		while (placed.isEmpty()) {
			refused.incrementAndGet();
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("order-service accepted no order for " + PATIENCE);
			}
			LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
			placed = shop.place(idempotencyKey, customer, sku, quantity);
		}
		orders.add(placed.get());
		if (!cancel && sku.equals(plenty) && richCustomers.contains(customer)) {
			meantToConfirm.add(placed.get());
		}
		if (cancel) {
			cancelRequests.incrementAndGet();
			shop.cancel(customer, placed.get());
		}
	}

	private static UUID pick(List<UUID> customers, Random random) {
		return customers.get(random.nextInt(customers.size()));
	}

	List<UUID> orders() {
		return List.copyOf(orders);
	}

	/**
	 * @return the orders whose outcome does not depend on the race for scarce stock, a customer's
	 * balance or a cancel: paid by a customer who can afford thousands of them, for a sku with a
	 * million units, never cancelled. Whatever the fault, each of them should end CONFIRMED.
	 */
	List<UUID> meantToConfirm() {
		return List.copyOf(meantToConfirm);
	}

	int refused() {
		return refused.get();
	}

	Map<String, Integer> initialStock() {
		return initialStock;
	}

	Map<UUID, BigDecimal> initialBalances() {
		return initialBalances;
	}
}
