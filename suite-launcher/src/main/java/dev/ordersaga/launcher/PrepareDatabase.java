package dev.ordersaga.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import dev.ordersaga.contracts.SuiteService;

/**
 * Prepares the suite's database on a fresh PostgreSQL: the {@code ordersaga} database and, for each
 * service, a schema ({@code order_service}), a migration role that owns it
 * ({@code order_service_owner}, for Flyway) and a runtime role of the schema's name that may only read
 * and write the rows of its tables: no DDL, no other schema, nothing in {@code public}. Passwords come
 * from the secrets folder, one file per role, and {@code postgres} for the superuser; they are set
 * again on every run, so a file changed by hand takes effect. Safe to run again.
 * Usage: {@code PrepareDatabase <port> <secrets-folder>}.
 */
public final class PrepareDatabase {

	/** Each service's schema, also its runtime role: every process of the suite's catalogue. */
	static final List<String> SERVICES = Arrays.stream(SuiteService.values()).map(SuiteService::schema).toList();

	private PrepareDatabase() {
	}

	public static void main(String[] args) throws SQLException, IOException {
		if (args.length != 2 || !args[0].matches("\\d{2,5}") || !Files.isDirectory(Path.of(args[1]))) {
			System.err.println("usage: PrepareDatabase <postgres-port> <secrets-folder>");
			System.exit(2);
		}
		Path secrets = Path.of(args[1]);
		String server = "jdbc:postgresql://127.0.0.1:" + args[0] + "/";
		String superuser = password(secrets, "postgres");
		try (Connection connection = DriverManager.getConnection(server + "postgres", "postgres", superuser);
				Statement statement = connection.createStatement();
				ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'ordersaga'")) {
			if (!exists.next()) {
				statement.execute("CREATE DATABASE ordersaga");
			}
		}
		try (Connection connection = DriverManager.getConnection(server + "ordersaga", "postgres", superuser);
				Statement statement = connection.createStatement()) {
			statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
			statement.execute("REVOKE ALL ON DATABASE ordersaga FROM PUBLIC");
			for (String role : SERVICES) {
				String owner = role + "_owner";
				login(connection, owner, password(secrets, owner));
				login(connection, role, password(secrets, role));
				statement.execute("GRANT CONNECT, TEMPORARY ON DATABASE ordersaga TO " + owner + ", " + role);
				statement.execute("CREATE SCHEMA IF NOT EXISTS " + role + " AUTHORIZATION " + owner);
				statement.execute("REVOKE ALL ON SCHEMA " + role + " FROM PUBLIC");
				statement.execute("GRANT USAGE ON SCHEMA " + role + " TO " + role);
				statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA " + role
						+ " GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO " + role);
				statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA " + role
						+ " GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO " + role);
			}
		}
		System.out.println("Database ordersaga ready; per service a schema, its owner for the migrations and a"
				+ " runtime role with DML on it only: " + SERVICES);
	}

	private static String password(Path secrets, String role) throws IOException {
		Path file = secrets.resolve(role);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("no password for " + role + " in " + secrets);
		}
		String password = Files.readString(file).strip();
		if (password.length() < 20) {
			throw new IllegalStateException("the password in " + file + " is shorter than 20 characters");
		}
		return password;
	}

	private static void login(Connection connection, String role, String password) throws SQLException {
		boolean exists;
		try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
			query.setString(1, role);
			try (ResultSet result = query.executeQuery()) {
				exists = result.next();
			}
		}
		// The password is a literal (a role's password cannot be a bind parameter); quote it as SQL does.
		String literal = "'" + password.replace("'", "''") + "'";
		try (Statement statement = connection.createStatement()) {
			statement.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + role + " LOGIN PASSWORD " + literal);
		}
	}
}
