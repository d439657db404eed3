package dev.ordersaga.notification.contact;

import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.notification.notice.NotificationSettings;

/** Customers' contacts, and the address a notification goes to. */
@Repository
public class Contacts {

	private final JdbcClient jdbc;

	private final NotificationSettings settings;

	Contacts(JdbcClient jdbc, NotificationSettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/**
	 * Keeps the address a customer gave.
	 *
	 * @return {@literal true} if the customer had no contact before
	 */
	@Transactional
	public boolean keep(UUID customerId, String email, @Nullable String name) {
		boolean existed = find(customerId).isPresent();
		jdbc.sql("""
				INSERT INTO customer_contact (customer_id, email, name, source, updated_at)
				VALUES (:customerId, :email, :name, 'CUSTOMER', now())
				ON CONFLICT (customer_id) DO UPDATE
				SET email = excluded.email, name = excluded.name, source = 'CUSTOMER', updated_at = now()
				""")
			.param("customerId", customerId)
			.param("email", email)
			.param("name", name)
			.update();
		return !existed;
	}

	/** Takes the address an order was placed with, unless the customer has set one. */
	@Transactional
	public void learnFromOrder(UUID customerId, String email) {
		jdbc.sql("""
				INSERT INTO customer_contact (customer_id, email, source, updated_at)
				VALUES (:customerId, :email, 'ORDER', now())
				ON CONFLICT (customer_id) DO UPDATE
				SET email = excluded.email, updated_at = now()
				WHERE customer_contact.source = 'ORDER'
				""")
			.param("customerId", customerId)
			.param("email", email)
			.update();
	}

	public Optional<Contact> find(UUID customerId) {
		return jdbc.sql("SELECT customer_id, email, name, source, updated_at FROM customer_contact WHERE customer_id = ?")
			.param(customerId)
			.query((rs, row) -> new Contact(rs.getObject("customer_id", UUID.class), rs.getString("email"),
					rs.getString("name"), Contact.Source.valueOf(rs.getString("source")),
					rs.getTimestamp("updated_at").toInstant()))
			.optional();
	}

	/** The customer's address if known, else the configured default. */
	public String recipientFor(UUID customerId) {
		return find(customerId).map(Contact::email).orElseGet(() -> settings.defaultRecipientFor(customerId));
	}
}
