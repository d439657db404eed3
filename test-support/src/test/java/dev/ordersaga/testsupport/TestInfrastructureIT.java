package dev.ordersaga.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TestInfrastructureIT {

	final TestInfrastructure infrastructure = TestInfrastructure.get();

	@Test
	void postgresqlIsARealServer() {
		String version = new JdbcTemplate(infrastructure.adminDataSource()).queryForObject("SELECT version()",
				String.class);
		assertThat(version).startsWith("PostgreSQL 17");
	}

	@Test
	void aServiceRoleReadsAndWritesTheRowsOfItsOwnSchemaOnly() throws SQLException {
		ServiceDatabase orders = infrastructure.database("order-service");
		ServiceDatabase payments = infrastructure.database("payment-service");
		try (Connection owner = DriverManager.getConnection(payments.jdbcUrl(), payments.migrationUsername(),
				payments.migrationPassword()); Statement statement = owner.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS payment_service.isolation_probe (id serial, note text)");
		}
		try (Connection runtime = DriverManager.getConnection(payments.jdbcUrl(), payments.username(),
				payments.password()); Statement statement = runtime.createStatement()) {
			statement.execute("INSERT INTO isolation_probe (note) VALUES ('written by the service')");
			statement.execute("UPDATE isolation_probe SET note = 'updated'");
			statement.execute("DELETE FROM isolation_probe");
			assertThatThrownBy(() -> statement.execute("CREATE TABLE payment_service.sneaky (id int)"))
				.hasMessageContaining("permission denied for schema payment_service");
			assertThatThrownBy(() -> statement.execute("ALTER TABLE isolation_probe ADD COLUMN sneaky int"))
				.hasMessageContaining("must be owner of table isolation_probe");
			assertThatThrownBy(() -> statement.execute("DROP TABLE isolation_probe"))
				.hasMessageContaining("must be owner of table isolation_probe");
		}
		try (Connection connection = DriverManager.getConnection(orders.jdbcUrl(), orders.username(),
				orders.password()); Statement statement = connection.createStatement()) {
			assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM payment_service.isolation_probe"))
				.hasMessageContaining("permission denied for schema payment_service");
			assertThatThrownBy(() -> statement.execute("CREATE TABLE public.sneaky (id int)"))
				.hasMessageContaining("permission denied for schema public");
		}
		try (Connection connection = DriverManager.getConnection(orders.jdbcUrl(), orders.migrationUsername(),
				orders.migrationPassword()); Statement statement = connection.createStatement()) {
			assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM payment_service.isolation_probe"))
				.hasMessageContaining("permission denied for schema payment_service");
		}
	}

	@Test
	void everyRoleGetsAPasswordOfItsOwnThatItsDescriptionDoesNotPrint() {
		ServiceDatabase orders = infrastructure.database("order-service");
		ServiceDatabase payments = infrastructure.database("payment-service");
		assertThat(List.of(orders.password(), orders.migrationPassword(), payments.password())).doesNotHaveDuplicates()
			.allSatisfy(password -> assertThat(password).hasSizeGreaterThanOrEqualTo(20));
		assertThat(orders.toString()).doesNotContain(orders.password(), orders.migrationPassword());
	}

	@Test
	void rejectsANameThatIsNotAServiceName() {
		assertThatThrownBy(() -> infrastructure.database("order_service; DROP ROLE postgres"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void kafkaIsARealBrokerThatRoundTripsARecord() throws Exception {
		String topic = "probe-" + UUID.randomUUID();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(infrastructure.kafkaAdminConfig(),
				new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>(topic, "key", "hello")).get();
		}
		List<ConsumerRecord<String, String>> received = new ArrayList<>();
		Map<String, Object> consumerConfig = new HashMap<>(infrastructure.kafkaAdminConfig());
		consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
		consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> {
					consumer.poll(Duration.ofMillis(200)).forEach(received::add);
					return !received.isEmpty();
				});
		}
		assertThat(received).extracting(ConsumerRecord::value).containsExactly("hello");
	}
}
