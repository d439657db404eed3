package dev.ordersaga.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.MessagingProperties;
import dev.ordersaga.testsupport.TopicReader;
import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.messaging.testapp.TestOrders;
import dev.ordersaga.messaging.testapp.TestPayments;
import dev.ordersaga.testsupport.RealInfrastructure;
import dev.ordersaga.testsupport.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay's ordering and completeness guarantees, with relays this test starts and stops itself
 * (the application's own relay is switched off).
 */
@SpringBootTest(classes = MessagingTestApplication.class, properties = "ordersaga.messaging.relay.enabled=false")
@RealInfrastructure
@DirtiesContext
class OutboxRelayOrderingIT {

	@Autowired
	TestOrders orders;

	@Autowired
	TestPayments payments;

	@Autowired
	MeterRegistry meters;

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	KafkaTemplate<String, byte[]> messagingKafkaTemplate;

	@Autowired
	MessagingProperties properties;

	JdbcTemplate jdbc;

	TransactionTemplate transactions;

	TopicReader kafka = new TopicReader(TestInfrastructure.get().kafkaAdminConfig());

	List<OutboxRelay> relays = new ArrayList<>();

	ExecutorService threads = Executors.newCachedThreadPool();

	@BeforeEach
	void drainEarlierTests() {
		jdbc = new JdbcTemplate(dataSource);
		transactions = new TransactionTemplate(transactionManager);
		OutboxRelay relay = relay();
		while (relay.relayBatch().claimed() > 0) {
			// publish whatever earlier tests left pending
		}
	}

	@AfterEach
	void stopRelays() {
		relays.forEach(OutboxRelay::stop);
		threads.shutdownNow();
	}

	@Test
	void eventCommittedLateWithALowerPositionIsStillPublished() throws Exception {
		UUID lateOrder = UUID.randomUUID();
		UUID earlyOrder = UUID.randomUUID();
		CountDownLatch appended = new CountDownLatch(1);
		CountDownLatch mayCommit = new CountDownLatch(1);
		CompletableFuture<UUID> late = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
			UUID eventId = orders.place(lateOrder);
			appended.countDown();
			awaitRelease(mayCommit);
			return eventId;
		}), threads);
		assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
		UUID early = orders.place(earlyOrder);

		OutboxRelay relay = relay();
		assertThat(relay.relayBatch().published()).isEqualTo(1);
		mayCommit.countDown();
		UUID lateEvent = late.get(10, TimeUnit.SECONDS);

		// The late event drew the lower position: a relay that advanced a "last seen" watermark past
		// the early event would never look at it again. This relay claims whatever is unpublished.
		assertThat(position(lateEvent)).isLessThan(position(early));
		assertThat(relay.relayBatch().published()).isEqualTo(1);
		assertThat(eventIdsOnKafka(Set.of(lateOrder.toString(), earlyOrder.toString())).values())
			.flatMap(ids -> ids)
			.containsExactlyInAnyOrder(early.toString(), lateEvent.toString());
	}

	@Test
	void appendsToOneAggregateTakePositionsInCommitOrder() throws Exception {
		UUID orderId = UUID.randomUUID();
		UUID first = orders.place(orderId);
		CountDownLatch appended = new CountDownLatch(1);
		CountDownLatch mayCommit = new CountDownLatch(1);
		CompletableFuture<UUID> second = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
			UUID eventId = orders.appendOnly(orderId);
			appended.countDown();
			awaitRelease(mayCommit);
			return eventId;
		}), threads);
		assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
		long drawnSoFar = lastPositionDrawn();

		// A third transaction on the same aggregate must wait for the second to finish, even though
		// neither touches a row the other holds: the outbox's own aggregate lock orders them.
		CompletableFuture<UUID> third = CompletableFuture.supplyAsync(() -> orders.appendOnly(orderId), threads);
		await().atMost(Duration.ofSeconds(10)).until(this::someoneWaitsForAnAdvisoryLock);
		assertThat(third).isNotDone();
		// It waits before drawing its position: positions are drawn under the lock, in commit order.
		assertThat(lastPositionDrawn()).isEqualTo(drawnSoFar);

		mayCommit.countDown();
		UUID secondEvent = second.get(10, TimeUnit.SECONDS);
		UUID thirdEvent = third.get(10, TimeUnit.SECONDS);

		assertThat(position(first)).isLessThan(position(secondEvent));
		assertThat(position(secondEvent)).isLessThan(position(thirdEvent));
		OutboxRelay relay = relay();
		while (relay.relayBatch().claimed() > 0) {
			// drain
		}
		assertThat(eventIdsOnKafka(Set.of(orderId.toString())).get(orderId.toString()))
			.containsExactly(first.toString(), secondEvent.toString(), thirdEvent.toString());
	}

	@Test
	void laterEventWaitsWhileAnEarlierOneOfItsAggregateIsHeldElsewhere() throws Exception {
		UUID orderId = UUID.randomUUID();
		UUID first = orders.place(orderId);
		UUID second = orders.touch(orderId);
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		// Another instance holds the first event (its row, not its bucket), as one whose batch is in
		// flight or has just failed would: a claim skips it, but finds the second event claimable.
		CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
			jdbc.queryForList("SELECT position FROM outbox_event WHERE event_id = ? FOR UPDATE", Long.class, first);
			held.countDown();
			awaitRelease(release);
		}), threads);
		assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

		OutboxRelay relay = relay();
		assertThat(relay.relayBatch().published()).as("the second event must not overtake the first").isZero();
		release.countDown();
		holder.get(10, TimeUnit.SECONDS);
		while (relay.relayBatch().claimed() > 0) {
			// drain
		}

		assertThat(eventIdsOnKafka(Set.of(orderId.toString())).get(orderId.toString()))
			.containsExactly(first.toString(), second.toString());
	}

	@Test
	void twoRelaysPublishEveryEventOnceAndInOrderPerAggregate() throws Exception {
		int aggregates = 100;
		int eventsPerAggregate = 50;
		List<UUID> orderIds = new ArrayList<>();
		for (int i = 0; i < aggregates; i++) {
			orderIds.add(UUID.randomUUID());
		}
		Map<String, List<String>> written = new ConcurrentHashMap<>();

		relay().start();
		relay().start();
		int writers = 4;
		List<CompletableFuture<Void>> writing = new ArrayList<>();
		for (int w = 0; w < writers; w++) {
			List<UUID> mine = orderIds.subList(w * aggregates / writers, (w + 1) * aggregates / writers);
			writing.add(CompletableFuture.runAsync(() -> {
				for (UUID orderId : mine) {
					List<String> ids = Collections.synchronizedList(new ArrayList<>());
					written.put(orderId.toString(), ids);
					ids.add(orders.place(orderId).toString());
					for (int e = 1; e < eventsPerAggregate; e++) {
						ids.add(orders.touch(orderId).toString());
					}
				}
			}, threads));
		}
		CompletableFuture.allOf(writing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
		await().atMost(Duration.ofMinutes(2)).until(() -> pending() == 0);

		Map<String, List<String>> onKafka = eventIdsOnKafka(written.keySet());
		List<String> all = onKafka.values().stream().flatMap(List::stream).toList();
		assertThat(all).hasSize(aggregates * eventsPerAggregate);
		assertThat(new HashSet<>(all)).as("duplicates published by the relays").hasSize(all.size());
		for (Map.Entry<String, List<String>> aggregate : written.entrySet()) {
			assertThat(onKafka.get(aggregate.getKey())).as("order of aggregate %s", aggregate.getKey())
				.containsExactlyElementsOf(aggregate.getValue());
		}
	}

	@Test
	void aRelayHeldBackByAnotherRelaysLeaseIsWokenByThatRelaysSettlementNotByItsPoll() throws Exception {
		MessagingProperties.Relay defaults = enabled(properties.relay());
		MessagingProperties.Relay pollHourly = new MessagingProperties.Relay(true, 1, Duration.ofHours(1),
				defaults.sendTimeout(), defaults.initialBackoff(), defaults.maxBackoff(), defaults.orderingBuckets(),
				defaults.lease(), defaults.parkAfter());
		Map<String, Object> producer = messagingKafkaTemplate.getProducerFactory().getConfigurationProperties();
		UUID orderId = UUID.randomUUID();
		UUID first = orders.place(orderId);
		UUID second = orders.touch(orderId);
		OutboxRelay holder = TestRelays.relay(dataSource, producer, pollHourly);
		relays.add(holder);
		List<PendingEvent> leased = holder.claim();
		assertThat(leased).extracting(PendingEvent::eventId).containsExactly(first);

		OutboxRelay waiting = TestRelays.relay(dataSource, producer, pollHourly);
		relays.add(waiting);
		waiting.start();
		// Its claims find the second event held behind the first, leased to the other relay; then it waits
		// for a notification, with its poll an hour away. No commit to the outbox comes.
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !isPublished(second));

		holder.settle(holder.send(leased));

		await().atMost(Duration.ofSeconds(30)).until(() -> isPublished(second));
		assertThat(eventIdsOnKafka(Set.of(orderId.toString())).get(orderId.toString()))
			.containsExactly(first.toString(), second.toString());
	}

	@Test
	void relayThatDiesBeforeMarkingLeavesItsLeaseToExpireThenTheRowIsRepublishedAndAppliedOnce() {
		UUID orderId = UUID.randomUUID();
		UUID eventId = payments.complete(orderId);
		MessagingProperties.Relay shortLease = new MessagingProperties.Relay(true, 500, Duration.ofMillis(200),
				Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1), 256, Duration.ofSeconds(2), 5);
		OutboxRelay dying = TestRelays.relay(dataSource,
				messagingKafkaTemplate.getProducerFactory().getConfigurationProperties(), shortLease);
		relays.add(dying);
		double duplicatesBefore = duplicates();

		// The batch is claimed and sent, then the process "dies": it never settles.
		List<PendingEvent> claimed = dying.claim();
		assertThat(claimed).extracting(PendingEvent::eventId).contains(eventId);
		assertThat(dying.send(claimed).outcome().published()).extracting(PendingEvent::eventId).contains(eventId);
		assertThat(isPublished(eventId)).as("marked published without a settlement").isFalse();

		// Its lease keeps the row from every other relay until it expires; then one takes it over.
		OutboxRelay survivor = relay();
		assertThat(survivor.claim()).extracting(PendingEvent::eventId).doesNotContain(eventId);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			survivor.relayBatch();
			return isPublished(eventId);
		});

		// The handler of the first copy may append its own OrderConfirmed at any moment, so the
		// checks look at this event only, never at the whole outbox.
		assertThat(eventIdsOnKafka(Topics.PAYMENTS.name(), Set.of(orderId.toString())).get(orderId.toString()))
			.containsExactly(eventId.toString(), eventId.toString());
		await().until(() -> duplicates() > duplicatesBefore);
		assertThat(payments.effects(orderId)).isEqualTo(1);
	}

	@Test
	void anotherServiceAppendingToTheSameAggregateInTheSameDatabaseDoesNotHoldThisOneBack() throws Exception {
		UUID orderId = UUID.randomUUID();
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		// A neighbour service (its own schema, the same database) in the middle of appending to order X.
		CompletableFuture<Void> neighbour = inNeighbourSchema(jdbc -> {
			jdbc.queryForObject("SELECT 1 FROM " + Outbox.APPEND_LOCK, Integer.class,
					EventCatalog.ORDER_PLACED_V2.aggregateType(), orderId.toString());
			held.countDown();
			awaitRelease(release);
		});
		try {
			assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<UUID> append = CompletableFuture.supplyAsync(() -> orders.place(orderId), threads);
			assertThat(append.get(10, TimeUnit.SECONDS)).as("appended while the neighbour holds its lock").isNotNull();
		}
		finally {
			release.countDown();
			neighbour.get(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void anotherServicesRelayHoldingEveryBucketDoesNotHoldThisRelayBack() throws Exception {
		UUID orderId = UUID.randomUUID();
		UUID eventId = orders.place(orderId);
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		// A neighbour service's relay holding every one of its buckets in the same database.
		CompletableFuture<Void> neighbour = inNeighbourSchema(jdbc -> {
			String everyBucket = OutboxRelay.BUCKET_LOCK.replace("hashtext(aggregate_type || ':' || aggregate_id) & ?",
					"bucket");
			Integer locked = jdbc.queryForObject("SELECT count(*) FROM generate_series(0, ?) AS bucket WHERE "
					+ everyBucket, Integer.class, properties.relay().orderingBuckets() - 1);
			assertThat(locked).isEqualTo(properties.relay().orderingBuckets());
			held.countDown();
			awaitRelease(release);
		});
		try {
			assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(relay().relayBatch().published()).isGreaterThanOrEqualTo(1);
			assertThat(isPublished(eventId)).as("published while the neighbour's relay holds all its buckets").isTrue();
		}
		finally {
			release.countDown();
			neighbour.get(10, TimeUnit.SECONDS);
		}
	}

	/** Runs the work in one transaction of a neighbour service: another schema of the same database. */
	private CompletableFuture<Void> inNeighbourSchema(java.util.function.Consumer<JdbcTemplate> work) {
		DataSource admin = TestInfrastructure.get().adminDataSource();
		new JdbcTemplate(admin).execute("CREATE SCHEMA IF NOT EXISTS neighbour_service");
		TransactionTemplate neighbourTransactions = new TransactionTemplate(
				new org.springframework.jdbc.support.JdbcTransactionManager(admin));
		return CompletableFuture.runAsync(() -> neighbourTransactions.executeWithoutResult(status -> {
			JdbcTemplate neighbour = new JdbcTemplate(admin);
			neighbour.execute("SET LOCAL search_path TO neighbour_service");
			work.accept(neighbour);
		}), threads);
	}

	private double duplicates() {
		return meters.find("inbox.duplicates").counters().stream().mapToDouble(counter -> counter.count()).sum();
	}

	private OutboxRelay relay() {
		OutboxRelay relay = TestRelays.relay(dataSource,
				messagingKafkaTemplate.getProducerFactory().getConfigurationProperties(), enabled(properties.relay()));
		relays.add(relay);
		return relay;
	}

	/** The application's relay settings, switched on for the relays this test runs itself. */
	private static MessagingProperties.Relay enabled(MessagingProperties.Relay settings) {
		return TestRelays.settings(settings, settings.lease(), settings.parkAfter());
	}



	private long pending() {
		return TestRelays.pending(jdbc);
	}

	private boolean isPublished(UUID eventId) {
		Boolean published = jdbc.queryForObject(
				"SELECT published_at IS NOT NULL FROM outbox_event WHERE event_id = ?", Boolean.class, eventId);
		return Boolean.TRUE.equals(published);
	}

	private long position(UUID eventId) {
		Long position = jdbc.queryForObject("SELECT position FROM outbox_event WHERE event_id = ?", Long.class,
				eventId);
		return position == null ? -1 : position;
	}

	private boolean someoneWaitsForAnAdvisoryLock() {
		Integer waiting = jdbc.queryForObject(
				"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", Integer.class);
		return waiting != null && waiting > 0;
	}

	private Map<String, List<String>> eventIdsOnKafka(Set<String> keys) {
		return eventIdsOnKafka(Topics.ORDERS.name(), keys);
	}

	private Map<String, List<String>> eventIdsOnKafka(String topic, Set<String> keys) {
		Map<String, List<String>> byKey = new LinkedHashMap<>();
		for (ConsumerRecord<String, byte[]> record : kafka.readAll(topic)) {
			if (keys.contains(record.key())) {
				byKey.computeIfAbsent(record.key(), key -> new ArrayList<>())
					.add(new String(record.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8));
			}
		}
		return byKey;
	}

	private static void awaitRelease(CountDownLatch latch) {
		try {
			if (!latch.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("latch not released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private long lastPositionDrawn() {
		Long last = jdbc.queryForObject("SELECT last_value FROM outbox_event_position", Long.class);
		return last == null ? 0 : last;
	}
}
