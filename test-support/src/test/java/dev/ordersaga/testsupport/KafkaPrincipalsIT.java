package dev.ordersaga.testsupport;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ordersaga.contracts.KafkaPrincipals;
import dev.ordersaga.contracts.Topics;
import dev.ordersaga.contracts.payment.v1.PaymentCompleted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The test broker lets in only who logs in, and lets each principal do only what its ACLs allow,
 * as the production broker does: against the real broker, with real clients.
 */
class KafkaPrincipalsIT {

	static final TestInfrastructure infrastructure = TestInfrastructure.get();

	static final String PAYMENTS = Topics.PAYMENTS.name();

	/** A principal with a valid password and no ACL at all: it owns no topic. */
	static final String STRANGER = "kafka-principals-it-stranger";

	/** How long a client may take to be refused; each refusal comes well within it. */
	static final Duration TIMEOUT = Duration.ofSeconds(20);

	@BeforeAll
	static void sagaTopicsExist() {
		infrastructure.createTopics(Topics.all().stream().map(topic -> topic.name()).toList());
	}

	@Test
	void aClientWithoutCredentialsGetsNoMetadata() {
		Map<String, Object> anonymous = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
				infrastructure.kafkaBootstrapServers(), ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);

		try (KafkaProducer<String, String> producer = producer(anonymous)) {
			assertThat(refusal(() -> producer.partitionsFor(PAYMENTS))).isInstanceOf(TimeoutException.class);
		}
	}

	@Test
	void aWrongPasswordIsRefused() {
		Map<String, Object> wrongPassword = new HashMap<>(infrastructure.kafkaClientConfig("payment-service"));
		wrongPassword.put(SaslConfigs.SASL_JAAS_CONFIG, KafkaPrincipals.jaasConfig("payment-service", "not-its-password"));

		try (KafkaProducer<String, String> producer = producer(wrongPassword)) {
			assertThat(refusal(() -> producer.send(new ProducerRecord<>(PAYMENTS, "key", "value"))
				.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))).isInstanceOf(SaslAuthenticationException.class);
		}
	}

	@Test
	void aServiceWritesTheTopicItOwnsAndIsRefusedOnAnotherServicesTopic() throws Exception {
		try (KafkaProducer<String, String> producer = producer(infrastructure.kafkaClientConfig("payment-service"))) {
			assertThat(producer.send(new ProducerRecord<>(PAYMENTS, "key", "payment")).get(TIMEOUT.toSeconds(),
					TimeUnit.SECONDS).offset()).isNotNegative();

			assertThat(refusal(() -> producer.send(new ProducerRecord<>(Topics.ORDERS.name(), "key", "order"))
				.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))).isInstanceOf(TopicAuthorizationException.class);
		}
	}

	@Test
	void anEventForgedByAPrincipalThatOwnsNoTopicIsRefusedByTheBrokerAndNeverReachesTheTopic() {
		UUID orderId = UUID.randomUUID();
		PaymentCompleted forged = new PaymentCompleted(orderId, UUID.randomUUID(), UUID.randomUUID(),
				new BigDecimal("0.01"), "EUR");
		Map<String, Object> stranger = new HashMap<>(infrastructure.kafkaClientConfig(STRANGER));
		stranger.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
		stranger.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		stranger.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);

		try (EventPublisher publisher = new EventPublisher(stranger)) {
			assertThat(refusal(() -> publisher.publish(forged))).isInstanceOf(AuthorizationException.class);
		}
		assertThat(new TopicReader(infrastructure.kafkaAdminConfig()).readAll(PAYMENTS))
			.noneMatch(record -> orderId.toString().equals(record.key()));
	}

	@Test
	void aServiceCannotReadATopicItDoesNotConsume() {
		try (KafkaConsumer<String, String> consumer = consumer(infrastructure.kafkaClientConfig("payment-service"),
				null)) {
			consumer.assign(List.of(new TopicPartition(Topics.NOTIFICATIONS.name(), 0)));
			consumer.seekToBeginning(consumer.assignment());

			assertThat(refusalOfPolling(consumer)).isInstanceOf(TopicAuthorizationException.class);
		}
	}

	@Test
	void aServiceReadsWhatItConsumesInAGroupOfItsOwnButCannotJoinAnotherServicesGroup() {
		List<String> consumed = Topics.consumedBy("payment-service").stream().map(topic -> topic.name()).toList();
		try (KafkaConsumer<String, String> own = consumer(infrastructure.kafkaClientConfig("payment-service"),
				"payment-service-acl-probe-" + UUID.randomUUID())) {
			own.subscribe(consumed);
			await().atMost(TIMEOUT).until(() -> {
				own.poll(Duration.ofMillis(200));
				return !own.assignment().isEmpty();
			});
		}
		try (KafkaConsumer<String, String> intruder = consumer(infrastructure.kafkaClientConfig("payment-service"),
				"order-service")) {
			intruder.subscribe(consumed);

			assertThat(refusalOfPolling(intruder)).isInstanceOf(GroupAuthorizationException.class);
		}
	}

	@Test
	void noPasswordShowsInAPrintedClientConfigurationOrInAFileOthersMayRead() throws Exception {
		String adminLogin = (String) infrastructure.kafkaSpringProperties(TestInfrastructure.KAFKA_ADMIN)
			.get("spring.kafka.properties.sasl.jaas.config");
		String adminPassword = adminLogin.replaceFirst(".*password=\"([^\"]+)\".*", "$1");
		String serviceLogin = (String) infrastructure.kafkaSpringProperties("payment-service")
			.get("spring.kafka.properties.sasl.jaas.config");
		String servicePassword = serviceLogin.replaceFirst(".*password=\"([^\"]+)\".*", "$1");

		assertThat(adminPassword).hasSizeGreaterThanOrEqualTo(24).matches("[A-Za-z0-9_-]+");
		assertThat(servicePassword).hasSizeGreaterThanOrEqualTo(24).isNotEqualTo(adminPassword);
		assertThat(infrastructure.kafkaAdminConfig().toString()).doesNotContain(adminPassword);
		assertThat(infrastructure.kafkaClientConfig("payment-service").toString()).doesNotContain(servicePassword);
		assertThat(infrastructure.kafkaBroker().toString()).doesNotContain(adminPassword);
		var config = infrastructure.kafkaBroker().directory().resolve("server.properties");
		assertThat(Files.readString(config)).contains(adminPassword);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
		try (var files = Files.list(infrastructure.kafkaBroker().directory())) {
			assertThat(files.filter(file -> !file.equals(config) && Files.isRegularFile(file)).toList())
				.isNotEmpty()
				.allSatisfy(file -> assertThat(Files.readString(file)).doesNotContain(adminPassword));
		}
	}

	private static KafkaProducer<String, String> producer(Map<String, Object> login) {
		Map<String, Object> config = new HashMap<>(login);
		config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
		return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
	}

	private static KafkaConsumer<String, String> consumer(Map<String, Object> login, @Nullable String group) {
		Map<String, Object> config = new HashMap<>(login);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		if (group != null) {
			config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		}
		return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
	}

	/** @return what the call failed with, unwrapped from the future that reported it */
	private static Throwable refusal(ThrowingCallable call) {
		try {
			call.call();
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (IllegalStateException ex) {
			// EventPublisher reports what Kafka refused as the cause.
			return ex.getCause() != null ? ex.getCause() : ex;
		}
		catch (Throwable ex) {
			return ex;
		}
		return fail("The broker let the call through");
	}

	/** @return what polling failed with, within {@link #TIMEOUT} */
	private static Throwable refusalOfPolling(KafkaConsumer<String, String> consumer) {
		AtomicReference<KafkaException> refusal = new AtomicReference<>();
		await("the broker refuses the consumer").atMost(TIMEOUT).until(() -> {
			try {
				consumer.poll(Duration.ofMillis(200));
				return false;
			}
			catch (KafkaException ex) {
				refusal.set(ex);
				return true;
			}
		});
		return refusal.get();
	}
}
