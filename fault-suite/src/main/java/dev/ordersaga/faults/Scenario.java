package dev.ordersaga.faults;

import java.util.Locale;

/** One fault the suite injects in the middle of the load. */
enum Scenario {

	KILL_SERVICES("kill -9 of each service in turn, each restarted after 3 s"),
	RESTART_KAFKA("the Kafka broker stopped and started again"),
	RESTART_POSTGRES("PostgreSQL stopped and started again"),
	DUPLICATES("every event published so far published again by a plain Kafka producer"),
	POISON("bad JSON, a schema violation and an unknown event type written to every topic"),
	DOUBLE_INSTANCE("order-, payment- and inventory-service each run twice: two relays, two consumers per schema"),
	POSTGRES_OUTAGE("PostgreSQL down for 4 minutes, longer than any connection timeout, then started again"),
	LOST_OFFSETS("payment-, inventory- and notification-service stopped, their inboxes purged and consumer groups "
			+ "deleted, then started: they read every topic again from its start"),
	PAUSE("payment-service frozen (SIGSTOP) for 60 s, past its consumer session (10 s) and its relay lease (30 s), "
			+ "while a second instance runs, then resumed (SIGCONT)"),
	OVERSIZED_EVENT("an event over Kafka's size limit (1.5 MiB) appended to order-service's outbox: the relay parks "
			+ "it, every other event flows"),
	BROKER_FAILOVER("the broker leading the most saga partitions of a 3-broker cluster killed with kill -9, started "
			+ "again 30 s later (needs ./suite faults --brokers 3)"),
	ROLLING_UPGRADE("analytics-service stopped; order-service restarted to publish OrderPlaced v1, then v2 again; "
			+ "analytics-service started to read the mix");

	private final String description;

	Scenario(String description) {
		this.description = description;
	}

	String description() {
		return description;
	}

	/** @return the name on the command line, e.g. {@code kill-services} */
	String cliName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	static Scenario fromCliName(String name) {
		for (Scenario scenario : values()) {
			if (scenario.cliName().equals(name)) {
				return scenario;
			}
		}
		throw new IllegalArgumentException("Unknown scenario " + name + "; known: "
				+ java.util.Arrays.stream(values()).map(Scenario::cliName).toList() + " or all");
	}
}
