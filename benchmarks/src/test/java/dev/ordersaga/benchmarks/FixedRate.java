package dev.ordersaga.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import org.jspecify.annotations.Nullable;

/**
 * An open-loop load: event {@code i} is due at {@code start + i / rate} whether or not earlier ones
 * have finished, and a few threads take the events in order, so one slow commit does not hold back
 * the schedule. When every thread is busy the events run late, and those still waiting when the
 * schedule has ended (plus a tenth of its length for scheduling jitter) are dropped, so the load
 * does not outlast its duration by much; the achieved rate says so.
 */
final class FixedRate {

	private FixedRate() {
	}

	/**
	 * Runs up to {@code rate × duration} events and returns when the last one started has run.
	 * @param rate events per second, at least 1
	 * @param duration how long the schedule lasts; no event starts more than a tenth of it later
	 * @param threads threads running events, at least 1
	 * @param event runs event {@code i}; an exception stops the run and is rethrown
	 * @return what was achieved
	 */
	static Outcome run(int rate, Duration duration, int threads, IntConsumer event) {
		int total = (int) Math.max(1, rate * duration.toMillis() / 1_000);
		AtomicInteger next = new AtomicInteger();
		AtomicInteger done = new AtomicInteger();
		AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
		long start = System.nanoTime();
		long end = start + duration.toNanos() + duration.toNanos() / 10;
		List<Thread> workers = new ArrayList<>(threads);
		for (int t = 0; t < threads; t++) {
			Thread worker = new Thread(() -> {
				for (int i = next.getAndIncrement(); i < total && failure.get() == null; i = next.getAndIncrement()) {
					long due = start + (long) (i * 1e9 / rate);
					for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
						LockSupport.parkNanos(wait);
					}
					if (System.nanoTime() >= end) {
						break;
					}
					try {
						event.accept(i);
						done.incrementAndGet();
					}
					catch (RuntimeException ex) {
						failure.compareAndSet(null, ex);
					}
				}
			}, "fixed-rate-" + t);
			worker.start();
			workers.add(worker);
		}
		for (Thread worker : workers) {
			try {
				worker.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the load ran", ex);
			}
		}
		RuntimeException failed = failure.get();
		if (failed != null) {
			throw new IllegalStateException("An event of the fixed-rate load failed", failed);
		}
		return new Outcome(total, done.get(), Duration.ofNanos(System.nanoTime() - start));
	}

	/**
	 * @param scheduled events the schedule held
	 * @param events events run; fewer than scheduled when the load could not keep up
	 * @param elapsed from the first event's due time to the end of the last
	 */
	record Outcome(int scheduled, int events, Duration elapsed) {

		/** @return events run per second */
		double perSecond() {
			return events * 1e9 / Math.max(1, elapsed.toNanos());
		}
	}
}
