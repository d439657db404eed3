package dev.ordersaga.messaging;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;

/**
 * Migrates the outbox and inbox tables into the service's own schema, after the service's own
 * migrations, with a history table of their own ({@code messaging_schema_history}) so the library
 * and the service version their tables independently. It reuses the service's Flyway settings
 * (data source, schemas, placeholders) and baselines at version 0 when the schema already holds
 * the service's tables.
 */
public class MessagingSchemaMigration implements InitializingBean {

	/** Where the library's migrations live on the classpath. */
	public static final String LOCATION = "classpath:db/messaging";

	/** The library's own schema history table. */
	public static final String HISTORY_TABLE = "messaging_schema_history";

	private static final Logger log = LoggerFactory.getLogger(MessagingSchemaMigration.class);

	private final Flyway serviceFlyway;

	/**
	 * @param serviceFlyway the service's Flyway, whose migrations must have run already
	 */
	public MessagingSchemaMigration(Flyway serviceFlyway) {
		this.serviceFlyway = serviceFlyway;
	}

	@Override
	public void afterPropertiesSet() {
		MigrateResult result = Flyway.configure()
			.configuration(serviceFlyway.getConfiguration())
			.locations(LOCATION)
			.javaMigrations()
			.callbacks(new org.flywaydb.core.api.callback.Callback[0])
			.table(HISTORY_TABLE)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
		log.info("Messaging tables in schema {} at version {} ({} migrations applied)", result.schemaName,
				result.targetSchemaVersion, result.migrationsExecuted);
	}
}
