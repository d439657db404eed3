package dev.ordersaga.analytics.console;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.ordersaga.analytics.projection.OrderProjected;

/**
 * The console's live feed: orders as the projection commits them, to every console following it
 * (server-sent events). The inbox consumer's thread only notes which order changed, after its
 * commit, in a bounded set; one feed thread reads those orders once per
 * {@link ConsoleSettings#flushInterval()} and sends them to every console as one {@code orders}
 * message, so a burst of events of one order is one row, and no browser ever holds up the consumer.
 * When more orders changed than the set holds, the feed drops them and sends {@code reload}; a
 * console whose write fails or takes longer than {@link ConsoleSettings#slowSubscriber()} is
 * dropped (it reconnects and loads the orders afresh).
 */
@Component
public class OrderFeed implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OrderFeed.class);

	/** Long enough for a console to stay; it reconnects after, reloading. */
	private static final long SUBSCRIPTION_TIMEOUT_MS = Duration.ofMinutes(30).toMillis();

	private static final int MAX_ORDERS_PER_MESSAGE = 2000;

	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private final ConsoleOrders orders;

	private final ConsoleSettings settings;

	private final JsonMapper json;

	private final List<SseEmitter> subscribers = new CopyOnWriteArrayList<>();

	private final Set<UUID> changed = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean overflowed = new AtomicBoolean();

	private volatile long lastSentAt = System.nanoTime();

	private volatile ScheduledExecutorService sender;

	OrderFeed(ConsoleOrders orders, ConsoleSettings settings, JsonMapper json) {
		this.orders = orders;
		this.settings = settings;
		this.json = json;
	}

	/**
	 * Adds a console to the feed; its first message is {@code hello}.
	 * @return the console's stream, never {@literal null}
	 * @throws TooManyConsoles when {@link ConsoleSettings#maxSubscribers()} follow already
	 */
	public SseEmitter subscribe() {
		if (subscribers.size() >= settings.maxSubscribers()) {
			throw new TooManyConsoles(settings.maxSubscribers());
		}
		SseEmitter emitter = new SseEmitter(SUBSCRIPTION_TIMEOUT_MS);
		emitter.onCompletion(() -> subscribers.remove(emitter));
		emitter.onTimeout(() -> subscribers.remove(emitter));
		emitter.onError(error -> subscribers.remove(emitter));
		try {
			emitter.send(SseEmitter.event().name("hello").data("{}", MediaType.APPLICATION_JSON));
		}
		catch (IOException ex) {
			emitter.completeWithError(ex);
			return emitter;
		}
		subscribers.add(emitter);
		return emitter;
	}

	/** @return consoles following the feed now */
	public int subscribers() {
		return subscribers.size();
	}

	/** Notes the order as changed, after the projection's transaction committed it; never blocks. */
	@TransactionalEventListener
	void on(OrderProjected projected) {
		if (subscribers.isEmpty()) {
			return;
		}
		if (changed.size() >= settings.maxPendingChanges()) {
			overflowed.set(true);
			return;
		}
		changed.add(projected.orderId());
	}

	/** Sends what changed since the last flush; runs on the feed's thread only. */
	void flush() {
		try {
			if (subscribers.isEmpty()) {
				changed.clear();
				overflowed.set(false);
				return;
			}
			if (overflowed.getAndSet(false)) {
				changed.clear();
				broadcast(SseEmitter.event().name("reload").data("{}", MediaType.APPLICATION_JSON));
				return;
			}
			List<UUID> ids = new ArrayList<>();
			// Removed one by one as taken: an order changed again meanwhile stays for the next flush.
			for (Iterator<UUID> each = changed.iterator(); each.hasNext() && ids.size() < MAX_ORDERS_PER_MESSAGE;) {
				ids.add(each.next());
				each.remove();
			}
			if (!ids.isEmpty()) {
				String message = json.writeValueAsString(orders.find(ids));
				broadcast(SseEmitter.event().name("orders").data(message, MediaType.APPLICATION_JSON));
			}
			else if (System.nanoTime() - lastSentAt > HEARTBEAT.toNanos()) {
				// A comment: finds connections that are gone, and keeps proxies from closing idle ones.
				broadcast(SseEmitter.event().comment("heartbeat"));
			}
		}
		catch (RuntimeException ex) {
			log.warn("The console feed could not send the changed orders: {}", ex.toString());
		}
	}

	private void broadcast(SseEmitter.SseEventBuilder event) {
		lastSentAt = System.nanoTime();
		Iterator<SseEmitter> each = subscribers.iterator();
		while (each.hasNext()) {
			SseEmitter emitter = each.next();
			long started = System.nanoTime();
			try {
				emitter.send(event);
				if (System.nanoTime() - started > settings.slowSubscriber().toNanos()) {
					log.info("Dropping a console that took {} ms to take one message",
							TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
					drop(emitter);
				}
			}
			catch (IOException | IllegalStateException ex) {
				drop(emitter);
			}
		}
	}

	private void drop(SseEmitter emitter) {
		subscribers.remove(emitter);
		try {
			emitter.complete();
		}
		catch (RuntimeException ignored) {
			// Already completed, or its connection is gone: nothing more to release.
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "console-feed");
			thread.setDaemon(true);
			return thread;
		});
		long interval = settings.flushInterval().toMillis();
		executor.scheduleWithFixedDelay(this::flush, interval, interval, TimeUnit.MILLISECONDS);
		sender = executor;
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = sender;
		sender = null;
		if (executor != null) {
			executor.shutdownNow();
		}
		subscribers.forEach(this::drop);
	}

	@Override
	public boolean isRunning() {
		return sender != null;
	}
}
