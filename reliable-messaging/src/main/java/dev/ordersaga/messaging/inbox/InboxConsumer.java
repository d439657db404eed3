package dev.ordersaga.messaging.inbox;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import dev.ordersaga.contracts.Topics;
import dev.ordersaga.messaging.MessagingProperties;

/**
 * Consumes the topics that carry this service's handled events, in the service's consumer group,
 * and hands the records of each poll to the {@link InboxProcessor}, which applies them in batches
 * and names the record that failed; the offsets of the poll are committed once it returns. Failures follow Spring Kafka's
 * {@link DefaultErrorHandler} (see {@link InboxErrorHandler}): a transient failure (an outage) is
 * retried until it succeeds while the partition waits; an invalid event, or one still failing
 * permanently after the retries, is published by a {@link DeadLetterPublishingRecoverer} to the
 * service's dead-letter topic (with the original topic, partition, offset, exception and stack
 * trace as headers) and the consumer moves on.
 * <p>
 * The consumer never creates the topics it subscribes to (their producers own them): a topic that
 * does not exist yet is consumed from its first event once its owner has created it.
 */
public class InboxConsumer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(InboxConsumer.class);

	private final InboxProcessor processor;

	private final Supplier<EventHandlers> handlerSupplier;

	private final ConsumerFactory<String, byte[]> consumerFactory;

	private final KafkaTemplate<String, byte[]> kafka;

	private final MessagingProperties properties;

	private final String groupId;

	private final String deadLetterTopic;

	private final MeterRegistry meters;

	private final ApplicationContext context;

	private final ConsumerLag lag;

	private volatile @Nullable ConcurrentMessageListenerContainer<String, byte[]> container;

	InboxConsumer(InboxProcessor processor, Supplier<EventHandlers> handlers, ConsumerFactory<String, byte[]> consumerFactory,
			KafkaTemplate<String, byte[]> kafka, MessagingProperties properties, String groupId,
			String deadLetterTopic, MeterRegistry meters, ApplicationContext context) {
		this.processor = processor;
		this.handlerSupplier = handlers;
		this.consumerFactory = consumerFactory;
		this.kafka = kafka;
		this.properties = properties;
		this.groupId = groupId;
		this.deadLetterTopic = deadLetterTopic;
		this.meters = meters;
		this.context = context;
		this.lag = new ConsumerLag(groupId, meters, () -> {
			ConcurrentMessageListenerContainer<String, byte[]> current = container;
			return current == null ? Map.of() : current.metrics();
		});
	}

	@Override
	public synchronized void start() {
		EventHandlers handlers = handlerSupplier.get();
		if (container != null || handlers.isEmpty() || !properties.consumer().enabled()) {
			return;
		}
		ContainerProperties containerProperties = new ContainerProperties(handlers.topics().toArray(String[]::new));
		containerProperties.setGroupId(groupId);
		// The processor observes each record itself (the container observes only record listeners),
		// and its observation's timer is spring.kafka.listener: the container's own timer of that name,
		// per batch and with other tags, would keep it from registering.
		containerProperties.setObservationEnabled(false);
		containerProperties.setMicrometerEnabled(false);
		containerProperties.setMessageListener((BatchMessageListener<String, byte[]>) this::process);
		containerProperties.setConsumerRebalanceListener(lag);
		// A consumed topic belongs to another service, which may not have created it yet: wait for it.
		containerProperties.setMissingTopicsFatal(false);

		ConcurrentMessageListenerContainer<String, byte[]> listenerContainer = new ConcurrentMessageListenerContainer<>(
				consumerFactory, containerProperties);
		listenerContainer.setConcurrency(properties.consumer().concurrency());
		listenerContainer.setCommonErrorHandler(errorHandler());
		listenerContainer.setApplicationContext(context);
		listenerContainer.setBeanName(groupId + "-inbox");
		// Zero from the start, so that the first record parked shows as an increase.
		handlers.topics().forEach(topic -> meters.counter(InboxErrorHandler.DEAD_LETTERED, "topic", topic));
		listenerContainer.start();
		container = listenerContainer;
		log.info("Inbox consumer {} started on {} for {}", groupId, handlers.topics(), handlers.eventTypes());
	}

	private void process(List<ConsumerRecord<String, byte[]>> records) {
		lag.received(records);
		try {
			processor.processBatch(records);
		}
		catch (BatchListenerFailedException ex) {
			// The records before the failed one are applied and committed.
			if (ex.getIndex() > 0) {
				lag.finished(records.subList(0, ex.getIndex()));
			}
			throw ex;
		}
		lag.finished(records);
	}

	private DefaultErrorHandler errorHandler() {
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(kafka,
				(record, exception) -> new TopicPartition(deadLetterTopic, -1));
		// Park with the handler's own exception in the headers, not the container's wrapper around it.
		// Once parked, the partition's watermark covers the record: a re-read does not park it twice.
		ConsumerAwareRecordRecoverer recoverer = (record, consumer, exception) -> {
			publisher.accept(record, consumer, unwrap(exception));
			processor.parked(bytesRecord(record));
			lag.finished(List.of(record));
		};
		return InboxErrorHandler.create(recoverer, properties.consumer(), deadLetterTopic, meters);
	}

	@SuppressWarnings("unchecked")
	private static ConsumerRecord<String, byte[]> bytesRecord(ConsumerRecord<?, ?> record) {
		// The container consumes with a String key and byte[] value deserializer (InboxConfiguration).
		return (ConsumerRecord<String, byte[]>) record;
	}

	private static Exception unwrap(Exception exception) {
		Exception current = exception;
		while ((current instanceof ListenerExecutionFailedException || current instanceof BatchListenerFailedException)
				&& current.getCause() instanceof Exception cause) {
			current = cause;
		}
		return current;
	}

	/** @return the topics this consumer subscribes to */
	public java.util.Set<String> topics() {
		return handlerSupplier.get().topics();
	}

	/** @return the consumer group */
	public String groupId() {
		return groupId;
	}

	/** @return how far this process's consumers are behind, per partition assigned to them */
	public ConsumerLag lag() {
		return lag;
	}

	/** @return the dead-letter topic of this service */
	public String deadLetterTopic() {
		return deadLetterTopic;
	}

	@Override
	public synchronized void stop() {
		ConcurrentMessageListenerContainer<String, byte[]> current = container;
		container = null;
		if (current != null) {
			current.stop();
		}
		lag.clear();
	}

	@Override
	public boolean isRunning() {
		return container != null;
	}

	static String defaultDeadLetterTopic(String applicationName) {
		return Topics.deadLetterTopic(applicationName);
	}

	static Map<String, Object> consumerOverrides() {
		return Map.of("auto.offset.reset", "earliest", "enable.auto.commit", false);
	}
}
