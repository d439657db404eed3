package dev.ordersaga.benchmarks.saga;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import dev.ordersaga.authclient.AccessToken;
import dev.ordersaga.benchmarks.LatencySummary;
import dev.ordersaga.client.SuiteApi;

/**
 * Places orders through {@code POST /api/orders} at a fixed arrival rate, whatever the answers take
 * (open loop): order {@code i} is due at {@code start + i / rate}, is sent then without waiting for
 * earlier answers, and its latency counts from that due time. A slow suite therefore shows in the
 * figures instead of slowing the load down (no coordinated omission).
 */
final class OpenLoad implements AutoCloseable {

	/**
	 * One step's orders.
	 * @param dueMillis wall-clock time each accepted order was due, by order id
	 * @param sent orders sent
	 * @param refused orders answered with anything but 202, or not answered
	 * @param shed the refused orders answered 429: the suite shedding load at the door
	 * @param firstRefusal what the first refusal said, empty when none
	 * @param http due time → response, of every sent order
	 * @param seconds how long the step placed orders
	 */
	record Placed(Map<UUID, Long> dueMillis, int sent, int refused, int shed, String firstRefusal, LatencySummary http,
			double seconds) {

		/** @return orders accepted per second */
		double acceptedPerSecond() {
			return dueMillis.size() / seconds;
		}
	}

	private final ExecutorService callbacks = Executors.newFixedThreadPool(2);

	private final SuiteApi api;

	private final List<UUID> customers;

	private final Function<UUID, AccessToken> tokens;

	private final List<String> skus;

	private final Random random = new Random(42);

	/**
	 * @param api the suite's API, of which order-service's is used
	 * @param customers who places the orders, each with an account that can pay for all of them
	 * @param tokens each customer's token: every order is placed by its customer, logged in
	 * @param skus what they order, each with stock for all of them
	 */
	OpenLoad(SuiteApi api, List<UUID> customers, Function<UUID, AccessToken> tokens, List<String> skus) {
		this.api = api.timeout(Duration.ofSeconds(30))
			.using(HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(5))
				.executor(callbacks)
				.build());
		this.customers = List.copyOf(customers);
		this.tokens = tokens;
		this.skus = List.copyOf(skus);
	}

	/** Places orders at {@code perSecond} for {@code length}; returns once every answer is in (or timed out). */
	Placed run(double perSecond, Duration length) {
		long count = Math.round(perSecond * length.toNanos() / 1e9);
		long interval = Math.round(1e9 / perSecond);
		Map<UUID, Long> due = new ConcurrentHashMap<>();
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger shed = new AtomicInteger();
		AtomicReference<String> firstRefusal = new AtomicReference<>("");
		Recorder latencies = new Recorder(LatencySummary.HIGHEST_MICROS, 3);
		List<CompletableFuture<?>> answers = new ArrayList<>();
		long startNanos = System.nanoTime();
		long startMillis = System.currentTimeMillis();
		for (long i = 0; i < count; i++) {
			long dueNanos = startNanos + i * interval;
			LockSupport.parkNanos(dueNanos - System.nanoTime());
			long dueMillis = startMillis + (dueNanos - startNanos) / 1_000_000;
			UUID customer = customers.get(random.nextInt(customers.size()));
			answers.add(api.placeOrderAsync(tokens.apply(customer), "EUR", nextOrder()).whenComplete((response, failure) -> {
				latencies.recordValue(Math.min(LatencySummary.HIGHEST_MICROS,
						Math.max(0, (System.nanoTime() - dueNanos) / 1_000)));
				if (failure == null && response.statusCode() == 202) {
					due.put(api.orderId(response), dueMillis);
				}
				else {
					refused.incrementAndGet();
					if (failure == null && response.statusCode() == 429) {
						shed.incrementAndGet();
					}
					firstRefusal.compareAndSet("", failure != null ? failure.toString()
							: response.statusCode() + " " + response.body());
				}
			}));
		}
		double seconds = (System.nanoTime() - startNanos) / 1e9;
		try {
			CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).exceptionally(failure -> null)
				.get(2, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			throw new IllegalStateException("order-service did not answer every order within 2 minutes", ex);
		}
		Histogram histogram = latencies.getIntervalHistogram();
		return new Placed(Map.copyOf(due), (int) count, refused.get(), shed.get(), firstRefusal.get(),
				LatencySummary.of(histogram, 0), Math.max(seconds, length.toNanos() / 1e9));
	}

	private List<SuiteApi.Line> nextOrder() {
		return List.of(new SuiteApi.Line(skus.get(random.nextInt(skus.size())), 1 + random.nextInt(3)));
	}

	@Override
	public void close() {
		callbacks.shutdownNow();
	}
}
