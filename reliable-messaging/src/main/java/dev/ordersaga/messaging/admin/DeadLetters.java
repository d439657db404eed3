package dev.ordersaga.messaging.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Reads this service's dead-letter topic (one partition, so a parked event is identified by its
 * offset) without joining any consumer group, and shows which parked events were replayed.
 */
public class DeadLetters {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private static final int PREVIEW_LIMIT = 4096;

	private final ConsumerFactory<String, byte[]> consumerFactory;

	private final String topic;

	private final ReplayLedger ledger;

	DeadLetters(ConsumerFactory<String, byte[]> consumerFactory, String topic, ReplayLedger ledger) {
		this.consumerFactory = consumerFactory;
		this.topic = topic;
		this.ledger = ledger;
	}

	/** @return the dead-letter topic's name */
	public String topic() {
		return topic;
	}

	/**
	 * Lists parked events, oldest first, each with its replay if it was replayed.
	 * @param page zero-based page
	 * @param size events per page (1 to 500)
	 * @return the page, never {@literal null}
	 */
	public Page list(int page, int size) {
		try (Consumer<String, byte[]> consumer = consumerFactory.createConsumer(null, "dead-letters-admin")) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			long begin = consumer.beginningOffsets(List.of(partition)).get(partition);
			long end = consumer.endOffsets(List.of(partition)).get(partition);
			long from = Math.min(end, begin + (long) page * size);
			long to = Math.min(end, from + size);
			List<ParkedEvent> events = new ArrayList<>();
			if (from < to) {
				Map<Long, Replayed> replays = ledger.find(from, to);
				consumer.seek(partition, from);
				read(consumer, partition, to, record -> {
					events.add(parked(record, replays.get(record.offset())));
					return true;
				});
			}
			return new Page(page, size, end - begin, events);
		}
	}

	/**
	 * @param offset the parked event's offset in the dead-letter topic
	 * @return the raw parked record, if the offset exists
	 */
	public Optional<ConsumerRecord<String, byte[]>> find(long offset) {
		try (Consumer<String, byte[]> consumer = consumerFactory.createConsumer(null, "dead-letters-admin")) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			long begin = consumer.beginningOffsets(List.of(partition)).get(partition);
			long end = consumer.endOffsets(List.of(partition)).get(partition);
			if (offset < begin || offset >= end) {
				return Optional.empty();
			}
			consumer.seek(partition, offset);
			List<ConsumerRecord<String, byte[]>> found = new ArrayList<>(1);
			read(consumer, partition, offset + 1, record -> {
				if (record.offset() == offset) {
					found.add(record);
				}
				return true;
			});
			return found.stream().findFirst();
		}
	}

	/**
	 * Opens one consumer on the parked events that are there now, to read them once, in offset order.
	 * @return the reader, never {@literal null}; close it
	 */
	public Reader reader() {
		return new Reader(consumerFactory.createConsumer(null, "dead-letters-replay"), new TopicPartition(topic, 0));
	}

	/**
	 * Rebuilds the record as it was consumed from its original topic, from the dead-letter headers.
	 * @param parked a record read from the dead-letter topic, must not be {@literal null}
	 * @return the original record, never {@literal null}
	 */
	public static ConsumerRecord<String, byte[]> original(ConsumerRecord<String, byte[]> parked) {
		String originalTopic = header(parked, KafkaHeaders.DLT_ORIGINAL_TOPIC);
		Integer originalPartition = intHeader(parked, KafkaHeaders.DLT_ORIGINAL_PARTITION);
		Long originalOffset = longHeader(parked, KafkaHeaders.DLT_ORIGINAL_OFFSET);
		return new ConsumerRecord<>(originalTopic != null ? originalTopic : parked.topic(),
				originalPartition != null ? originalPartition : parked.partition(),
				originalOffset != null ? originalOffset : parked.offset(), parked.timestamp(), TimestampType.CREATE_TIME,
				-1, -1, parked.key(), parked.value(), parked.headers(), Optional.empty());
	}

	private static void read(Consumer<String, byte[]> consumer, TopicPartition partition, long untilOffset,
			Predicate<ConsumerRecord<String, byte[]>> sink) {
		Instant deadline = Instant.now().plus(READ_TIMEOUT);
		long position = consumer.position(partition);
		while (position < untilOffset && Instant.now().isBefore(deadline)) {
			ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
			for (ConsumerRecord<String, byte[]> record : records) {
				if (record.offset() < untilOffset) {
					sink.test(record);
				}
				position = record.offset() + 1;
			}
		}
	}

	private static ParkedEvent parked(ConsumerRecord<String, byte[]> record, @Nullable Replayed replay) {
		byte[] value = record.value();
		String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
		return new ParkedEvent(record.offset(), Instant.ofEpochMilli(record.timestamp()), record.key(),
				header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC), intHeader(record, KafkaHeaders.DLT_ORIGINAL_PARTITION),
				longHeader(record, KafkaHeaders.DLT_ORIGINAL_OFFSET), header(record, KafkaHeaders.DLT_EXCEPTION_FQCN),
				header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE),
				text.length() > PREVIEW_LIMIT ? text.substring(0, PREVIEW_LIMIT) + "…" : text, replay);
	}

	private static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}

	private static @Nullable Integer intHeader(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return header == null || header.value() == null || header.value().length != 4 ? null
				: java.nio.ByteBuffer.wrap(header.value()).getInt();
	}

	private static @Nullable Long longHeader(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return header == null || header.value() == null || header.value().length != 8 ? null
				: java.nio.ByteBuffer.wrap(header.value()).getLong();
	}

	/**
	 * One page of parked events.
	 * @param page zero-based page
	 * @param size requested size
	 * @param total parked events in the topic
	 * @param events this page's events
	 */
	public record Page(int page, int size, long total, List<ParkedEvent> events) {
	}

	/**
	 * A parked event as an operator sees it.
	 * @param offset offset in the dead-letter topic (the id used to replay it)
	 * @param parkedAt when it was parked
	 * @param key the Kafka key (the aggregate id)
	 * @param originalTopic the topic it was consumed from
	 * @param originalPartition its partition there
	 * @param originalOffset its offset there
	 * @param exception the exception class that parked it
	 * @param error the exception's message
	 * @param value the record's value as text (cut at 4 KiB)
	 * @param replay its replay, {@literal null} when it was not replayed (or every replay failed)
	 */
	public record ParkedEvent(long offset, Instant parkedAt, @Nullable String key, @Nullable String originalTopic,
			@Nullable Integer originalPartition, @Nullable Long originalOffset, @Nullable String exception,
			@Nullable String error, String value, @Nullable Replayed replay) {
	}

	/**
	 * The replay of a parked event, as recorded in the transaction that replayed it.
	 * @param offset the parked event's offset in the dead-letter topic
	 * @param eventId the event's id, {@literal null} when an ignored record carried none
	 * @param outcome what the inbox did: APPLIED, DUPLICATE or IGNORED
	 * @param replayedBy who asked for it (principal, {@code X-Operator} header or {@code anonymous})
	 * @param replayedAt when it committed
	 * @param jobId the replay-all job that replayed it, {@literal null} for a single replay
	 */
	public record Replayed(long offset, @Nullable UUID eventId, String outcome, String replayedBy, Instant replayedAt,
			@Nullable UUID jobId) {
	}

	/**
	 * Reads the dead-letter topic once with one consumer, from its first record to the end offset it
	 * had when the reader was opened, in offset order. Not thread-safe.
	 */
	public static final class Reader implements AutoCloseable {

		private final Consumer<String, byte[]> consumer;

		private final TopicPartition partition;

		private final long first;

		private final long end;

		private final Deque<ConsumerRecord<String, byte[]>> buffer = new ArrayDeque<>();

		private long position;

		Reader(Consumer<String, byte[]> consumer, TopicPartition partition) {
			this.consumer = consumer;
			this.partition = partition;
			try {
				consumer.assign(List.of(partition));
				this.first = consumer.beginningOffsets(List.of(partition)).get(partition);
				this.end = consumer.endOffsets(List.of(partition)).get(partition);
				consumer.seek(partition, first);
				this.position = first;
			}
			catch (RuntimeException ex) {
				consumer.close();
				throw ex;
			}
		}

		/** @return the offset of the first parked record when the reader was opened */
		public long first() {
			return first;
		}

		/** @return the end offset (one past the last parked record) when the reader was opened */
		public long end() {
			return end;
		}

		/**
		 * @return the next parked record, {@literal null} once the end offset is reached
		 * @throws IllegalStateException when the broker delivers nothing for 10 seconds before the end
		 */
		public @Nullable ConsumerRecord<String, byte[]> next() {
			Instant deadline = Instant.now().plus(READ_TIMEOUT);
			while (buffer.isEmpty() && position < end) {
				if (Instant.now().isAfter(deadline)) {
					throw new IllegalStateException("Could not read " + partition + " at offset " + position
							+ " within " + READ_TIMEOUT);
				}
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.offset() < end) {
						buffer.add(record);
					}
					position = record.offset() + 1;
				}
				// Offsets of a compacted or transactional topic may have gaps: the consumer's position says where it is.
				position = Math.max(position, consumer.position(partition));
			}
			return buffer.poll();
		}

		@Override
		public void close() {
			consumer.close();
		}
	}
}
