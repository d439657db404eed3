package dev.ordersaga.messaging.outbox;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.messaging.MessagingProperties;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestOrders;
import dev.ordersaga.testsupport.RealInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = MessagingTestApplication.class, properties = "ordersaga.messaging.relay.enabled=false")
@RealInfrastructure
@DirtiesContext
class MessagingHousekeepingIT {

	@Autowired
	TestOrders orders;

	@Autowired
	DataSource dataSource;

	@Test
	void purgesRowsPastTheirRetentionInBatchesAndKeepsPendingAndRecentOnes() {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		UUID oldPublished = orders.place(UUID.randomUUID());
		UUID oldPublished2 = orders.place(UUID.randomUUID());
		UUID recentPublished = orders.place(UUID.randomUUID());
		UUID oldPending = orders.place(UUID.randomUUID());
		jdbc.update("UPDATE outbox_event SET published_at = now() - interval '2 days' WHERE event_id IN (?, ?)",
				oldPublished, oldPublished2);
		jdbc.update("UPDATE outbox_event SET published_at = now() WHERE event_id = ?", recentPublished);
		jdbc.update("UPDATE outbox_event SET created_at = now() - interval '3 days' WHERE event_id = ?", oldPending);
		String topic = "payments.housekeeping-" + UUID.randomUUID();
		UUID oldInbox = inboxRow(jdbc, topic, 1, "8 days");
		UUID recentInbox = inboxRow(jdbc, topic, 2, "0 days");
		watermark(jdbc, topic, 2);

		housekeeping(jdbc).purge();

		assertThat(exists(jdbc, "outbox_event", oldPublished)).isFalse();
		assertThat(exists(jdbc, "outbox_event", oldPublished2)).isFalse();
		assertThat(exists(jdbc, "outbox_event", recentPublished)).isTrue();
		assertThat(exists(jdbc, "outbox_event", oldPending)).as("an unpublished row is never purged").isTrue();
		assertThat(exists(jdbc, "inbox_event", oldInbox)).isFalse();
		assertThat(exists(jdbc, "inbox_event", recentInbox)).isTrue();
	}

	@Test
	void aParkedRowIsCountedAsParkedNotAsWaitingAndItsAgeIsNotTheBacklogsAge() {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("UPDATE outbox_event SET published_at = clock_timestamp() WHERE published_at IS NULL");
		UUID parked = orders.place(UUID.randomUUID());
		UUID waiting = orders.place(UUID.randomUUID());
		jdbc.update("UPDATE outbox_event SET created_at = now() - interval '1 hour', parked_at = now() WHERE event_id = ?",
				parked);
		jdbc.update("UPDATE outbox_event SET created_at = now() - interval '10 seconds' WHERE event_id = ?", waiting);

		OutboxBacklog.Snapshot backlog = new OutboxBacklog(jdbc).read();

		assertThat(backlog.pending()).as("rows the relay will still publish").isEqualTo(1);
		assertThat(backlog.parked()).isEqualTo(1);
		assertThat(backlog.oldestPendingAge()).as("the age of the waiting row, not the parked one's hour")
			.isBetween(Duration.ofSeconds(10), Duration.ofMinutes(1));
	}

	@Test
	void keepsAnOldInboxRowItsPartitionsWatermarkDoesNotCoverYet() {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		String topic = "payments.housekeeping-" + UUID.randomUUID();
		UUID covered = inboxRow(jdbc, topic, 5, "8 days");
		// A parked record replayed before any later record of its partition was applied: without its
		// row, the group re-reading the partition would apply it again.
		UUID replayedAboveTheWatermark = inboxRow(jdbc, topic, 9, "8 days");
		UUID withoutWatermark = inboxRow(jdbc, "payments.housekeeping-" + UUID.randomUUID(), 1, "8 days");
		watermark(jdbc, topic, 7);

		housekeeping(jdbc).purge();

		assertThat(exists(jdbc, "inbox_event", covered)).isFalse();
		assertThat(exists(jdbc, "inbox_event", replayedAboveTheWatermark)).isTrue();
		assertThat(exists(jdbc, "inbox_event", withoutWatermark)).isTrue();
	}

	@Test
	void claimAndPurgeUseTheirPartialIndexes() {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		String claimPlan = plan(jdbc, "SELECT position FROM outbox_event WHERE published_at IS NULL "
				+ "AND parked_at IS NULL ORDER BY position LIMIT 500");
		String purgePlan = plan(jdbc, "SELECT position FROM outbox_event WHERE published_at IS NOT NULL "
				+ "AND published_at < now() - interval '1 day' LIMIT 500");

		assertThat(claimPlan).contains("outbox_event_claimable");
		assertThat(purgePlan).contains("outbox_event_published");
	}

	@Test
	void theRelayPlansItsStatementsAfreshInsteadOfKeepingAPlanMadeOnAnEmptyOutbox() throws Exception {
		try (java.sql.Connection connection = dataSource.getConnection()) {
			JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
			jdbc.update("UPDATE outbox_event SET published_at = clock_timestamp(), lease_owner = NULL, lease_until = NULL "
					+ "WHERE published_at IS NULL");
			RelayStore store = new RelayStore(jdbc,
					new TransactionTemplate(new JdbcTransactionManager(jdbc.getDataSource())),
					TestRelays.settings(100, Duration.ofSeconds(3), Duration.ofSeconds(1)));
			// The JDBC driver prepares a statement on the server from its fifth execution on, and
			// PostgreSQL may then keep one generic plan for it; made on an empty outbox, that plan scans
			// the whole table per candidate row once a backlog arrives.
			for (int i = 0; i < 10; i++) {
				orders.place(UUID.randomUUID());
				List<PendingEvent> claimed = store.claim("plans-test");
				RelayBatch batch = new RelayBatch(claimed);
				batch.nextWave().forEach(batch::acknowledged);
				store.settle(batch.outcome(), "plans-test");
			}

			assertThat(jdbc.queryForList("SELECT statement FROM pg_prepared_statements", String.class))
				.as("statements prepared on the relay's connection")
				.noneMatch(statement -> statement.contains("outbox_event"));
		}
	}

	@Test
	void leasingARowUpdatesItInPlaceWithoutIndexWrites() {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("UPDATE outbox_event SET published_at = clock_timestamp(), lease_owner = NULL, lease_until = NULL "
				+ "WHERE published_at IS NULL");
		RelayStore store = new RelayStore(jdbc, new TransactionTemplate(new JdbcTransactionManager(dataSource)),
				TestRelays.settings(100, Duration.ofSeconds(3), Duration.ofSeconds(1)));
		for (int i = 0; i < 20; i++) {
			orders.place(UUID.randomUUID());
		}

		// The claim between two readings of the counters of this backend's pending statistics, in one
		// transaction: how many row versions the claim wrote, and how many of them were HOT (no index
		// entry written).
		long[] updates = new TransactionTemplate(new JdbcTransactionManager(dataSource)).execute(status -> {
			long[] before = updateCounters(jdbc);
			int claimed = store.claim("hot-test").size();
			long[] after = updateCounters(jdbc);
			return new long[] { claimed, after[0] - before[0], after[1] - before[1] };
		});

		assertThat(updates[0]).as("rows claimed").isEqualTo(20);
		assertThat(updates[1]).as("row versions written").isEqualTo(20);
		assertThat(updates[2]).as("of them HOT, without index writes").isEqualTo(updates[1]);
	}

	private static long[] updateCounters(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
				+ "WHERE relid = 'outbox_event'::regclass",
				(rs, row) -> new long[] { rs.getLong("n_tup_upd"), rs.getLong("n_tup_hot_upd") });
	}

	/** The plan PostgreSQL picks when a sequential scan is not an option, i.e. on a large table. */
	private static String plan(JdbcTemplate jdbc, String query) {
		return jdbc.execute((java.sql.Connection connection) -> {
			try (java.sql.Statement statement = connection.createStatement()) {
				statement.execute("SET enable_seqscan = off");
				StringBuilder plan = new StringBuilder();
				try (java.sql.ResultSet rows = statement.executeQuery("EXPLAIN " + query)) {
					while (rows.next()) {
						plan.append(rows.getString(1)).append('\n');
					}
				}
				statement.execute("RESET enable_seqscan");
				return plan.toString();
			}
		});
	}

	private static MessagingHousekeeping housekeeping(JdbcTemplate jdbc) {
		return new MessagingHousekeeping(jdbc, new OutboxBacklog(jdbc),
				new MessagingProperties.Retention(Duration.ofHours(24), Duration.ofDays(7), Duration.ofMinutes(10), 1),
				new SimpleMeterRegistry());
	}

	private static UUID inboxRow(JdbcTemplate jdbc, String topic, long offset, String age) {
		UUID eventId = UUID.randomUUID();
		jdbc.update("""
				INSERT INTO inbox_event (event_id, consumer, event_type, schema_version, topic, kafka_partition,
				                         kafka_offset, processed_at)
				VALUES (?, 'order-service', 'PaymentCompleted', 1, ?, 0, ?, now() - ?::interval)
				""", eventId, topic, offset, age);
		return eventId;
	}

	private static void watermark(JdbcTemplate jdbc, String topic, long appliedOffset) {
		jdbc.update("""
				INSERT INTO inbox_partition_watermark (consumer, topic, kafka_partition, applied_offset)
				VALUES ('order-service', ?, 0, ?)
				""", topic, appliedOffset);
	}

	private static boolean exists(JdbcTemplate jdbc, String table, UUID eventId) {
		Integer count = jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE event_id = ?", Integer.class,
				eventId);
		return count != null && count > 0;
	}
}
