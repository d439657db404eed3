package dev.ordersaga.contracts;

import java.util.List;

/**
 * A Kafka topic of the saga.
 *
 * @param name the topic name, versioned like the contract it carries (e.g. {@code orders.v1})
 * @param producer the only service that writes to it
 * @param key what the record key is
 * @param consumers the services that read it
 */
public record Topic(String name, String producer, String key, List<String> consumers) {

	public Topic {
		consumers = List.copyOf(consumers);
	}
}
