package dev.ordersaga.analytics.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

import dev.ordersaga.analytics.projection.EventHeader;
import dev.ordersaga.analytics.projection.SagaProjection;
import dev.ordersaga.messaging.inbox.TopicReplay;
import dev.ordersaga.messaging.inbox.TopicReplay.ReplayedRecord;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.IntegrationEvent;
import dev.ordersaga.contracts.InvalidEventException;

/**
 * Rebuilds the read models from the saga topics: truncates them, then replays every partition from
 * its beginning up to the end offsets it has once the truncation committed, through the same
 * {@link SagaProjection} the inbox consumer uses.
 * <p>
 * The inbox consumer keeps running meanwhile. Both paths record an event's id before applying it,
 * so an event that both see counts once; an event the inbox applied before the truncation was
 * published before the end offsets were taken, so the replay brings it back; one published after
 * them is the inbox consumer's alone. Only one rebuild runs at a time across all instances that
 * share the schema: a session-level PostgreSQL advisory lock guards it.
 */
@Service
public class ReadModelRebuild {

	private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);

	/** Advisory-lock class and key of the rebuild (the library's classes are 0x0B0C_00xx). */
	private static final int LOCK_CLASS = 0x0A7A_0001;

	private static final int LOCK_KEY = 1;

	private final SagaProjection projection;

	private final TopicReplay replay;

	private final EventCodec codec;

	private final DataSource dataSource;

	private final RebuildSettings settings;

	ReadModelRebuild(SagaProjection projection, TopicReplay replay, EventCodec codec, DataSource dataSource,
			RebuildSettings settings) {
		this.settings = settings;
		this.projection = projection;
		this.replay = replay;
		this.codec = codec;
		this.dataSource = dataSource;
	}

	/**
	 * Rebuilds the read models and returns when the replay reached the end offsets.
	 * @return what was replayed, never {@literal null}
	 * @throws RebuildAlreadyRunning when another rebuild holds the lock
	 * @throws RebuildFailed when the rebuild stopped before the end
	 */
	public RebuildReport rebuild() {
		try (Connection lock = dataSource.getConnection()) {
			if (!advisoryLock(lock, "pg_try_advisory_lock")) {
				throw new RebuildAlreadyRunning();
			}
			try {
				return replayAll();
			}
			finally {
				advisoryLock(lock, "pg_advisory_unlock");
			}
		}
		catch (SQLException ex) {
			throw new RebuildFailed("The rebuild lock could not be taken: " + ex.getMessage(), ex);
		}
	}

	private RebuildReport replayAll() {
		long started = System.nanoTime();
		Set<String> topics = SagaProjection.topics();
		Counts counts = new Counts();
		log.info("Rebuilding the read models from {}", topics);
		try {
			projection.reset();
			replay.replay(topics, settings.timeout(), settings.pollTimeout(), record -> apply(record, counts));
		}
		catch (RuntimeException ex) {
			log.error("Rebuild stopped after {} events: {}", counts.replayed, ex.toString());
			throw new RebuildFailed("The rebuild stopped after " + counts.replayed + " events: " + ex.getMessage(), ex);
		}
		RebuildReport report = new RebuildReport(counts.replayed, counts.skipped,
				Duration.ofNanos(System.nanoTime() - started).toMillis());
		log.info("Rebuilt the read models: {}", report);
		return report;
	}

	private void apply(ReplayedRecord record, Counts counts) {
		Optional<Decoded> decoded = decode(record);
		if (decoded.isEmpty()) {
			counts.skipped++;
			return;
		}
		try {
			projection.project(decoded.get().event(), decoded.get().header());
			counts.replayed++;
		}
		catch (DataIntegrityViolationException ex) {
			// What the inbox consumer would retry and then dead-letter: bad data, not a failing store.
			log.warn("Skipped {}-{}@{}: the projection rejected it: {}", record.topic(), record.partition(),
					record.offset(), ex.getMostSpecificCause().getMessage());
			counts.skipped++;
		}
	}

	/** Decodes and upcasts as the inbox does: parse, pick by type, validate, decode the latest version. */
	private Optional<Decoded> decode(ReplayedRecord record) {
		byte[] value = record.value();
		if (value == null) {
			log.debug("Skipped the tombstone {}-{}@{}", record.topic(), record.partition(), record.offset());
			return Optional.empty();
		}
		try {
			EventCodec.ParsedEvent parsed = codec.parse(value);
			if (!SagaProjection.eventTypes().contains(parsed.eventType())) {
				log.debug("Skipped {}-{}@{}: {} is not projected", record.topic(), record.partition(), record.offset(),
						parsed.eventType());
				return Optional.empty();
			}
			EventEnvelope envelope = codec.read(parsed);
			IntegrationEvent event = codec.payload(envelope);
			return Optional.of(new Decoded(event, EventHeader.of(envelope, record.topic())));
		}
		catch (InvalidEventException ex) {
			log.warn("Skipped {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), ex.getMessage());
			return Optional.empty();
		}
	}

	private static boolean advisoryLock(Connection connection, String function) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?, ?)")) {
			statement.setInt(1, LOCK_CLASS);
			statement.setInt(2, LOCK_KEY);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	private record Decoded(IntegrationEvent event, EventHeader header) {
	}

	private static final class Counts {

		long replayed;

		long skipped;
	}
}
