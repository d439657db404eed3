package dev.ordersaga.order.saga;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/** One event of an order's saga that order-service has seen: its own and those it consumed. */
@Entity
@Table(name = "saga_step")
@IdClass(SagaStep.Key.class)
public class SagaStep implements Persistable<SagaStep.Key> {

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

	/**
	 * Whether this was built here rather than loaded: Spring Data then saves it with a plain INSERT
	 * instead of a merge, which would first SELECT the assigned id to find out.
	 */
	@Transient
	private boolean isNew;

	protected SagaStep() {
	}

	@Override
	public Key getId() {
		return new Key(orderId, eventId);
	}

	@Override
	public boolean isNew() {
		return isNew;
	}

	@PostPersist
	void stored() {
		isNew = false;
	}

	SagaStep(UUID orderId, UUID eventId, String eventType, String producer, Instant occurredAt) {
		this.orderId = orderId;
		this.eventId = eventId;
		this.eventType = eventType;
		this.producer = producer;
		this.occurredAt = occurredAt;
		this.isNew = true;
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
