package dev.ordersaga.contracts;

import java.util.Arrays;
import java.util.List;

/**
 * The processes of the suite that are built from this repository: the five services of the saga
 * and auth-server. The one place that lists them with what launchers, scripts and tests need of
 * each: the application name (also its module, its Kafka principal and its consumer group prefix),
 * the port the suite gives its API, its management port, its database schema and roles, and the
 * topics it publishes and consumes (from {@link Topics}).
 * <p>
 * Files that cannot call Java repeat part of it: {@code ./suite}, {@code docker/postgres-init.sh},
 * {@code docker-compose.yml} and the services table of {@code docs/architecture.md}, as do the
 * services' own {@code application.yml}; end-to-end-tests' {@code ServiceCatalogueConsistencyTest}
 * holds each of them to this catalogue.
 */
public enum SuiteService {

	/** OAuth2 tokens for customers, staff and operators; its actuator stays on its API port. */
	AUTH_SERVER("auth-server", 9000, false),

	ORDER("order-service", 8081, true),

	PAYMENT("payment-service", 8082, true),

	INVENTORY("inventory-service", 8083, true),

	NOTIFICATION("notification-service", 8084, true),

	ANALYTICS("analytics-service", 8085, true);

	/** How far a service's management port lies above its API port (8081 → 9081). */
	public static final int MANAGEMENT_PORT_OFFSET = 1000;

	private final String applicationName;

	private final int port;

	private final boolean ownManagementPort;

	SuiteService(String applicationName, int port, boolean ownManagementPort) {
		this.applicationName = applicationName;
		this.port = port;
		this.ownManagementPort = ownManagementPort;
	}

	/** @return its {@code spring.application.name}, e.g. {@code order-service}, never {@literal null} */
	public String applicationName() {
		return applicationName;
	}

	/** @return the port of its API when nothing moves it (the suite, docker-compose) */
	public int port() {
		return port;
	}

	/**
	 * @return where its actuator (and a saga service's messaging admin API) listens when nothing moves
	 * it: the API's port + {@value #MANAGEMENT_PORT_OFFSET}, or auth-server's own port
	 */
	public int managementPort() {
		return ownManagementPort ? port + MANAGEMENT_PORT_OFFSET : port;
	}

	/**
	 * @return its database schema, which is also the name of its runtime role ({@code order_service});
	 * the role that owns the schema and runs its migrations adds {@code _owner}
	 */
	public String schema() {
		return applicationName.replace('-', '_');
	}

	/** @return the topics it publishes, never {@literal null}; empty for auth-server */
	public List<Topic> publishes() {
		return Topics.producedBy(applicationName);
	}

	/** @return the topics it consumes, never {@literal null}; empty for auth-server */
	public List<Topic> consumes() {
		return Topics.consumedBy(applicationName);
	}

	/** @return whether it takes part in the saga: it publishes or consumes a saga topic */
	public boolean inSaga() {
		return !publishes().isEmpty() || !consumes().isEmpty();
	}

	/** @return the five services of the saga, in the suite's order (order, payment, inventory, ...) */
	public static List<SuiteService> saga() {
		return Arrays.stream(values()).filter(SuiteService::inSaga).toList();
	}

	/** @return the application names of {@link #saga()}, in its order */
	public static List<String> sagaNames() {
		return saga().stream().map(SuiteService::applicationName).toList();
	}

	/**
	 * @param applicationName a {@code spring.application.name}, must not be {@literal null}
	 * @return the service of that name
	 * @throws IllegalArgumentException when no process of the suite has that name
	 */
	public static SuiteService named(String applicationName) {
		return Arrays.stream(values())
			.filter(service -> service.applicationName.equals(applicationName))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No service of the suite is named " + applicationName));
	}
}
