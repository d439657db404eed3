package dev.ordersaga.auth.staff;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ordersaga.auth.customer.Customers.UsernameTaken;

/**
 * Staff members and operators who log in in person, in this service's schema, passwords hashed
 * (bcrypt). Their role is their authority ({@code ROLE_staff}, {@code ROLE_operator}) and decides the
 * one scope their tokens may carry. Scripts keep using the {@code staff} and {@code operator}
 * clients (client credentials).
 */
@Service
public class StaffMembers {

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	StaffMembers(JdbcClient jdbc, PasswordEncoder passwords) {
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	/**
	 * Creates the staff member, or gives an existing one this role and password.
	 * @return whether the staff member is new
	 * @throws UsernameTaken when a customer has the login name
	 */
	@Transactional
	public boolean set(String username, Role role, String password) {
		boolean existed = jdbc.sql("SELECT count(*) FROM staff_member WHERE username = :username")
			.param("username", username)
			.query(Long.class)
			.single() > 0;
		int written = jdbc.sql("""
				INSERT INTO staff_member (username, role, password_hash)
				SELECT :username, :role, :hash WHERE NOT EXISTS (SELECT 1 FROM customer WHERE username = :username)
				ON CONFLICT (username) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash
				""")
			.param("username", username)
			.param("role", role.name())
			.param("hash", passwords.encode(password))
			.update();
		if (written == 0) {
			throw new UsernameTaken(username);
		}
		return !existed;
	}

	/** @return the staff member's login with their role as authority, empty when none has the name */
	@Transactional(readOnly = true)
	public Optional<UserDetails> login(String username) {
		return jdbc.sql("SELECT username, role, password_hash FROM staff_member WHERE username = :username")
			.param("username", username)
			.query((row, n) -> User.withUsername(row.getString("username"))
				.password(row.getString("password_hash"))
				.authorities("ROLE_" + row.getString("role"))
				.build())
			.optional();
	}

	/** What a staff member may do; the name is the scope of their tokens. */
	public enum Role {
		/** Orders, accounts, products, the analytics. */
		staff,
		/** The messaging admin APIs: dead letters, parked outbox rows, replays; the analytics. */
		operator
	}
}
