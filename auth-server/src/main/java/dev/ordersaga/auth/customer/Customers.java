package dev.ordersaga.auth.customer;

import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The customers who may log in, in this service's schema; passwords are stored hashed (bcrypt). */
@Service
public class Customers {

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	Customers(JdbcClient jdbc, PasswordEncoder passwords) {
		this.jdbc = jdbc;
		this.passwords = passwords;
	}

	/**
	 * Registers a customer under a fresh id.
	 * @throws UsernameTaken when another customer or a staff member has the login name
	 */
	@Transactional
	public Customer register(String username, String password) {
		UUID id = UUID.randomUUID();
		int inserted;
		try {
			inserted = jdbc.sql("""
					INSERT INTO customer (id, username, password_hash)
					SELECT :id, :username, :hash WHERE NOT EXISTS (SELECT 1 FROM staff_member WHERE username = :username)
					""")
				.param("id", id)
				.param("username", username)
				.param("hash", passwords.encode(password))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new UsernameTaken(username);
		}
		if (inserted == 0) {
			throw new UsernameTaken(username);
		}
		return new Customer(id, username);
	}

	@Transactional(readOnly = true)
	public Optional<Customer> find(String username) {
		return jdbc.sql("SELECT id, username FROM customer WHERE username = :username")
			.param("username", username)
			.query((row, n) -> new Customer(row.getObject("id", UUID.class), row.getString("username")))
			.optional();
	}

	/**
	 * A plain {@link User} with the role {@code customer}, the kind Spring Authorization Server stores
	 * with a login in progress; the customer id goes into the token from {@link #find(String)}.
	 * @return the customer's login, empty when no customer has the name
	 */
	@Transactional(readOnly = true)
	public Optional<UserDetails> login(String username) {
		return jdbc.sql("SELECT username, password_hash FROM customer WHERE username = :username")
			.param("username", username)
			.query((row, n) -> User.withUsername(row.getString("username"))
				.password(row.getString("password_hash"))
				.authorities("ROLE_customer")
				.build())
			.optional();
	}

	/** A registered customer. */
	public record Customer(UUID id, String username) {
	}

	/** Another customer or a staff member has this login name. */
	public static final class UsernameTaken extends RuntimeException {

		public UsernameTaken(String username) {
			super("The login name \"" + username + "\" is taken");
		}
	}
}
