package dev.ordersaga.inventory.reservation;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface StockOrders extends JpaRepository<StockOrder, UUID> {

	/** Creates the order's row unless it exists; safe when two handlers race to create it. */
	@Modifying
	@Query(value = """
			INSERT INTO stock_order (order_id, status, lines_known, paid, cancelled, updated_at)
			VALUES (:orderId, 'AWAITING', false, false, false, clock_timestamp())
			ON CONFLICT (order_id) DO NOTHING
			""", nativeQuery = true)
	void createIfAbsent(UUID orderId);

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select o from StockOrder o where o.orderId = :orderId")
	Optional<StockOrder> lock(UUID orderId);
}
