package dev.ordersaga.order.saga;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** The saga steps of every order. */
public interface SagaSteps extends JpaRepository<SagaStep, SagaStep.Key> {

	List<SagaStep> findByOrderIdOrderByOccurredAt(UUID orderId);
}
