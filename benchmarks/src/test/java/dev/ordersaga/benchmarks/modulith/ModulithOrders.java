package dev.ordersaga.benchmarks.modulith;

import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders the Spring Modulith way: the event is published inside the business transaction. */
@Service
public class ModulithOrders {

	private final ApplicationEventPublisher events;

	ModulithOrders(ApplicationEventPublisher events) {
		this.events = events;
	}

	/**
	 * Publishes the order's OrderPlaced; the registry stores its publication in this transaction and
	 * the externalizer sends it to Kafka after the commit.
	 * @param orderId the order, must not be {@literal null}
	 */
	@Transactional
	public void place(UUID orderId) {
		events.publishEvent(ModulithOrderPlaced.of(orderId));
	}
}
