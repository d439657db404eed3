package dev.ordersaga.messaging.inbox;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The inbox's health, {@code inbox} in the health endpoint: the consumer group, the topics it
 * consumes, and in {@code waitingForTopics} those that do not exist yet.
 * <p>
 * A missing topic leaves the status UP: the services start together and consume each other's
 * topics, so a service that reported DOWN until another service had created its topics could hold
 * up a start that waits for every service to be healthy. The consumer picks a topic up by itself
 * once its owner has created it. When the broker cannot be asked, the status is UNKNOWN (which
 * does not lower the aggregate status either).
 * <p>
 * A health probe does not reach the broker each time: the answer is kept for
 * {@link #CACHED_FOR}, and the broker is given {@link #TIMEOUT} to answer.
 */
class InboxHealthIndicator implements HealthIndicator, DisposableBean {

	static final Duration CACHED_FOR = Duration.ofSeconds(10);

	static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final InboxConsumer consumer;

	private final Supplier<Admin> adminFactory;

	private @Nullable Admin admin;

	private @Nullable Health cached;

	private long cachedAt;

	/**
	 * @param consumer the inbox consumer, must not be {@literal null}
	 * @param adminConfig how to reach the broker, must not be {@literal null}
	 */
	InboxHealthIndicator(InboxConsumer consumer, Map<String, Object> adminConfig) {
		this.consumer = consumer;
		Map<String, Object> config = Map.copyOf(adminConfig);
		this.adminFactory = () -> Admin.create(config);
	}

	@Override
	public synchronized Health health() {
		long now = System.nanoTime();
		Health last = cached;
		if (last != null && now - cachedAt < CACHED_FOR.toNanos()) {
			return last;
		}
		Health current = check();
		cached = current;
		cachedAt = now;
		return current;
	}

	private Health check() {
		Set<String> topics = new TreeSet<>(consumer.topics());
		Health.Builder health = Health.up().withDetail("group", consumer.groupId()).withDetail("topics", topics);
		if (topics.isEmpty() || !consumer.isRunning()) {
			return health.withDetail("consuming", false).build();
		}
		try {
			Set<String> existing = admin().listTopics(new ListTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
				.names()
				.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			Set<String> missing = new TreeSet<>(topics);
			missing.removeAll(existing);
			return health.withDetail("waitingForTopics", missing).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return health.unknown().withException(ex).build();
		}
		catch (Exception ex) {
			return health.unknown().withException(ex).build();
		}
	}

	private Admin admin() {
		Admin current = admin;
		if (current == null) {
			current = adminFactory.get();
			admin = current;
		}
		return current;
	}

	@Override
	public synchronized void destroy() {
		Admin current = admin;
		admin = null;
		if (current != null) {
			current.close(Duration.ofSeconds(1));
		}
	}
}
