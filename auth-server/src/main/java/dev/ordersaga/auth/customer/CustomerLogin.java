package dev.ordersaga.auth.customer;

import java.io.Serial;
import java.util.List;
import java.util.UUID;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** A customer who may log in: the login name and password, and the customer id tokens carry. */
public final class CustomerLogin extends User {

	@Serial
	private static final long serialVersionUID = 1L;

	private final UUID customerId;

	CustomerLogin(UUID customerId, String username, String passwordHash) {
		super(username, passwordHash, List.of(new SimpleGrantedAuthority("ROLE_customer")));
		this.customerId = customerId;
	}

	public UUID customerId() {
		return customerId;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof CustomerLogin login && super.equals(other) && customerId.equals(login.customerId);
	}

	@Override
	public int hashCode() {
		return super.hashCode();
	}
}
