package dev.ordersaga.order.admission;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Decides whether order-service takes one more order. The signal is the number of open orders
 * (placed, neither confirmed nor cancelled) in the database, so it holds across instances: when
 * the saga falls behind, orders stay open and their number grows. At
 * {@link AdmissionSettings#maxOpenOrders()} a new order is refused, and the orders already
 * accepted finish before their deadline instead of being cancelled by it.
 * <p>
 * The count is read at most once per {@link AdmissionSettings#refreshInterval()}, by the request that
 * finds it stale (nothing is read while no order arrives). Between two reads, this instance adds the
 * orders it admitted itself, so a burst cannot slip past the limit.
 */
@Component
public class Admission {

	private final JdbcTemplate jdbc;

	private final AdmissionSettings settings;

	private final Counter refusals;

	private final ReentrantLock refreshing = new ReentrantLock();

	private final AtomicInteger admittedSinceRead = new AtomicInteger();

	private volatile int openAtRead;

	private volatile long readAtNanos;

	private volatile boolean read;

	Admission(JdbcTemplate jdbc, AdmissionSettings settings, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.refusals = Counter.builder("orders.refused")
			.description("Orders refused at the door because too many were open")
			.register(meters);
		Gauge.builder("orders.open", this, admission -> admission.openAtRead)
			.description("Open orders at the admission's last read")
			.register(meters);
	}

	/**
	 * Admits one order or refuses it.
	 * @throws SagaBehind when as many orders are open as the settings allow
	 */
	public void admit() {
		if (!settings.enabled()) {
			return;
		}
		refreshIfStale();
		int open = openAtRead + admittedSinceRead.incrementAndGet();
		if (open > settings.maxOpenOrders()) {
			admittedSinceRead.decrementAndGet();
			refusals.increment();
			throw new SagaBehind(open - 1, settings.maxOpenOrders(), settings.retryAfterSeconds());
		}
	}

	private void refreshIfStale() {
		if (read && System.nanoTime() - readAtNanos < settings.refreshInterval().toNanos()) {
			return;
		}
		// One request reads; the others go on with the count they have, unless there is none yet.
		if (!read) {
			refreshing.lock();
		}
		else if (!refreshing.tryLock()) {
			return;
		}
		try {
			if (read && System.nanoTime() - readAtNanos < settings.refreshInterval().toNanos()) {
				return;
			}
			Integer open = jdbc.queryForObject(
					"SELECT count(*) FROM customer_order WHERE status IN ('PENDING', 'PAID')", Integer.class);
			admittedSinceRead.set(0);
			openAtRead = open == null ? 0 : open;
			readAtNanos = System.nanoTime();
			read = true;
		}
		finally {
			refreshing.unlock();
		}
	}

	/**
	 * The saga is behind: a new order would wait behind {@code open} others.
	 */
	public static class SagaBehind extends RuntimeException {

		private final long retryAfterSeconds;

		SagaBehind(int open, int limit, long retryAfterSeconds) {
			super("The saga is behind: " + open + " orders are open and order-service takes new ones below " + limit
					+ "; try again in " + retryAfterSeconds + " s");
			this.retryAfterSeconds = retryAfterSeconds;
		}

		/** @return the seconds a client waits before it tries again */
		public long retryAfterSeconds() {
			return retryAfterSeconds;
		}
	}
}
