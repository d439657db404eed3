package dev.ordersaga.testsupport;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.ordersaga.contracts.EventCatalog;
import dev.ordersaga.contracts.EventCodec;
import dev.ordersaga.contracts.EventEnvelope;
import dev.ordersaga.contracts.EventType;
import dev.ordersaga.contracts.IntegrationEvent;

/**
 * Publishes events as another service would, with a plain Kafka producer: the way a test feeds a
 * service the events of its peers, duplicates and poison included.
 */
public final class EventPublisher implements AutoCloseable {

	private final EventCodec codec = new EventCodec();

	private final KafkaProducer<String, byte[]> producer;

	/**
	 * @param clientConfig where and as whom to connect: bootstrap servers and login, usually
	 * {@link TestInfrastructure#kafkaAdminConfig()} (an event forged as its producing service would
	 * write it); must not be {@literal null}
	 */
	public EventPublisher(Map<String, Object> clientConfig) {
		this.producer = new KafkaProducer<>(clientConfig, new StringSerializer(), new ByteArraySerializer());
	}

	/** @return a new envelope around the event, as its producer would write it */
	public EventEnvelope envelope(IntegrationEvent event) {
		return envelope(EventCatalog.of(event.getClass()), event);
	}

	@SuppressWarnings("unchecked")
	private <E extends IntegrationEvent> EventEnvelope envelope(EventType<E> type, IntegrationEvent event) {
		return codec.envelope(type, (E) event, UUID.randomUUID(), Instant.now(), type.topic().producer(),
				"test-" + UUID.randomUUID(), null, null);
	}

	/** Publishes the event in a new envelope and waits for the broker's acknowledgement. */
	public EventEnvelope publish(IntegrationEvent event) {
		EventEnvelope envelope = envelope(event);
		publish(envelope);
		return envelope;
	}

	/** Publishes an existing envelope again (a duplicate) and waits for the acknowledgement. */
	public void publish(EventEnvelope envelope) {
		EventType<?> type = EventCatalog.find(envelope.eventType(), envelope.schemaVersion()).orElseThrow();
		send(type.topic().name(), envelope.aggregateId(), codec.write(envelope));
	}

	/**
	 * Sends raw bytes, valid or not.
	 * @return the record's offset
	 */
	public long send(String topic, String key, byte[] value) {
		try {
			return producer.send(new ProducerRecord<>(topic, key, value)).get().offset();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Kafka did not take the record", ex.getCause());
		}
	}

	@Override
	public void close() {
		producer.close();
	}
}
