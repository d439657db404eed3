package dev.ordersaga.testsupport;

/**
 * A service's own login and schema in the shared test database.
 *
 * @param jdbcUrl the database's JDBC URL
 * @param username the service's role
 * @param password its password
 * @param schema the schema the role owns (same name as the role)
 */
public record ServiceDatabase(String jdbcUrl, String username, String password, String schema) {
}
