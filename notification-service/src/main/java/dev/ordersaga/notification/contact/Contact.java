package dev.ordersaga.notification.contact;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A customer's e-mail address.
 *
 * @param customerId the customer
 * @param email where notifications go
 * @param name the name to greet, if known
 * @param source who set it: the customer through the API, or an order's customerEmail
 * @param updatedAt when it was last set
 */
public record Contact(UUID customerId, String email, @Nullable String name, Source source, Instant updatedAt) {

	/** Who set a contact. A customer's own setting always wins over an order's. */
	public enum Source {
		CUSTOMER, ORDER
	}
}
