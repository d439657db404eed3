package dev.ordersaga.analytics.console;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.ordersaga.contracts.SuiteService;

/**
 * The saga console, under {@code analytics.console}.
 *
 * @param services each other service's management address, where its {@code /admin/messaging} API
 * listens; by default the suite's (127.0.0.1, API port + 1000). analytics-service itself is always
 * listed, at its own management port.
 * @param flushInterval how often the live feed sends the orders that changed meanwhile, in one message
 * @param maxSubscribers consoles following the live feed at once; more are refused with 503
 * @param maxPendingChanges changed orders the feed holds between two flushes; beyond that it drops
 * them and tells every console to reload (a rebuild or a burst must not grow the heap)
 * @param slowSubscriber a console whose one message took longer than this to write is dropped (it
 * reconnects and reloads), so a slow browser cannot keep the others waiting for long
 * @param adminTimeout how long the console waits for one service's admin API
 * @param snapshotLimit the most orders the console loads at once, the newest
 * @param authorizationServer auth-server's address as the staff's browsers reach it, where the page
 * sends them to log in and exchanges the code; by default the issuer of the tokens
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri})
 * @param clientId the public client the page logs in with (authorization code with PKCE)
 */
@ConfigurationProperties("analytics.console")
public record ConsoleSettings(@Nullable Map<String, URI> services, @DefaultValue("250ms") Duration flushInterval,
		@DefaultValue("20") int maxSubscribers, @DefaultValue("20000") int maxPendingChanges,
		@DefaultValue("2s") Duration slowSubscriber, @DefaultValue("2s") Duration adminTimeout,
		@DefaultValue("10000") int snapshotLimit, @Nullable URI authorizationServer,
		@DefaultValue("console") String clientId) {

	/** This service's name in {@link #services()}. */
	public static final String SELF = SuiteService.ANALYTICS.applicationName();

	public ConsoleSettings {
		if (services == null) {
			services = new LinkedHashMap<>();
			for (SuiteService service : SuiteService.saga()) {
				if (!service.applicationName().equals(SELF)) {
					services.put(service.applicationName(), URI.create("http://127.0.0.1:" + service.managementPort()));
				}
			}
		}
		services = Map.copyOf(services);
		if (flushInterval.isNegative() || flushInterval.isZero()) {
			throw new IllegalArgumentException("analytics.console.flush-interval must be positive, was " + flushInterval);
		}
		if (maxSubscribers < 1 || maxPendingChanges < 1 || snapshotLimit < 1) {
			throw new IllegalArgumentException("analytics.console.max-subscribers, max-pending-changes and "
					+ "snapshot-limit must be positive");
		}
	}
}
