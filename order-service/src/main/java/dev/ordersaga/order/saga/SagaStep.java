package dev.ordersaga.order.saga;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.ordersaga.servicesupport.persistence.AssignedIdEntity;

/** One event of an order's saga that order-service has seen: its own and those it consumed. */
@Entity
@Table(name = "saga_step")
@IdClass(SagaStep.Key.class)
public class SagaStep extends AssignedIdEntity<SagaStep.Key> {

	@Id
	@Column(name = "order_id")
	private UUID orderId;

	@Id
	@Column(name = "event_id")
	private UUID eventId;

	@Column(name = "event_type")
	private String eventType;

	private String producer;

	@Column(name = "occurred_at")
	private Instant occurredAt;

	protected SagaStep() {
	}

	@Override
	public Key getId() {
		return new Key(orderId, eventId);
	}

	SagaStep(UUID orderId, UUID eventId, String eventType, String producer, Instant occurredAt) {
		this.orderId = orderId;
		this.eventId = eventId;
		this.eventType = eventType;
		this.producer = producer;
		this.occurredAt = occurredAt;
	}

	public String eventType() {
		return eventType;
	}

	public String producer() {
		return producer;
	}

	public Instant occurredAt() {
		return occurredAt;
	}

	record Key(UUID orderId, UUID eventId) implements Serializable {
	}
}
