package dev.ordersaga.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Prepares the suite's database on a fresh PostgreSQL: the {@code ordersaga} database and, for each
 * service, a login role and a schema of the same name that only it may use. Safe to run again.
 * Usage: {@code PrepareDatabase <port>}.
 */
public final class PrepareDatabase {

	static final List<String> SERVICES = List.of("order_service", "payment_service", "inventory_service",
			"notification_service", "analytics_service");

	private PrepareDatabase() {
	}

	public static void main(String[] args) throws SQLException {
		if (args.length != 1 || !args[0].matches("\\d{2,5}")) {
			System.err.println("usage: PrepareDatabase <postgres-port>");
			System.exit(2);
		}
		String server = "jdbc:postgresql://127.0.0.1:" + args[0] + "/";
		try (Connection connection = DriverManager.getConnection(server + "postgres", "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'ordersaga'")) {
			if (!exists.next()) {
				statement.execute("CREATE DATABASE ordersaga");
			}
		}
		try (Connection connection = DriverManager.getConnection(server + "ordersaga", "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
			for (String role : SERVICES) {
				statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
						+ "') THEN CREATE ROLE " + role + " LOGIN PASSWORD '" + role + "'; END IF; END $$");
				statement.execute("CREATE SCHEMA IF NOT EXISTS " + role + " AUTHORIZATION " + role);
				statement.execute("REVOKE ALL ON SCHEMA " + role + " FROM PUBLIC");
			}
		}
		System.out.println("Database ordersaga ready with a role and schema per service: " + SERVICES);
	}
}
