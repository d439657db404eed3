package dev.ordersaga.order.saga;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Cancels orders that are still open after {@code order.saga.timeout}. Safe with several instances:
 * each claims overdue orders with {@code FOR UPDATE SKIP LOCKED}.
 */
@Component
class SagaTimeouts {

	private static final Logger log = LoggerFactory.getLogger(SagaTimeouts.class);

	private static final int BATCH = 100;

	private final OrderManagement orders;

	SagaTimeouts(OrderManagement orders) {
		this.orders = orders;
	}

	@Scheduled(fixedDelayString = "${order.saga.timeout-check-interval:5s}")
	void cancelOverdueOrders() {
		int cancelled;
		do {
			cancelled = orders.cancelOverdue(BATCH);
			if (cancelled > 0) {
				log.info("Cancelled {} orders past their saga deadline", cancelled);
			}
		}
		while (cancelled == BATCH);
	}
}
