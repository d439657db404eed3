package dev.ordersaga.testsupport;

/**
 * A service's own roles and schema in the shared test database, as in production: the schema
 * belongs to a migration role that runs Flyway, and the service runs as a role that may only read
 * and write the rows of that schema's tables (no DDL, no other schema).
 *
 * @param jdbcUrl the database's JDBC URL
 * @param username the service's runtime role (DML on its schema only)
 * @param password its password
 * @param schema the service's schema (the runtime role's name)
 * @param migrationUsername the role that owns the schema and runs the migrations
 * @param migrationPassword its password
 */
public record ServiceDatabase(String jdbcUrl, String username, String password, String schema,
		String migrationUsername, String migrationPassword) {

	@Override
	public String toString() {
		return "ServiceDatabase[" + jdbcUrl + ", " + username + ", " + migrationUsername + "]";
	}
}
