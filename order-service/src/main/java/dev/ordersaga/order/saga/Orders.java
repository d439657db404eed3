package dev.ordersaga.order.saga;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The orders. */
public interface Orders extends JpaRepository<Order, UUID>, JpaSpecificationExecutor<Order> {

	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select o from Order o where o.id = :id")
	Optional<Order> lock(UUID id);

	Optional<Order> findByCustomerIdAndIdempotencyKey(UUID customerId, String idempotencyKey);

	/**
	 * @param customerId only this customer's orders, or all when {@literal null}
	 * @param status only orders in this status, or all when {@literal null}
	 * @return newest first
	 */
	default Page<Order> search(@Nullable UUID customerId, Order.@Nullable Status status, Pageable page) {
		Specification<Order> filter = (root, query, builder) -> builder.conjunction();
		if (customerId != null) {
			filter = filter.and((root, query, builder) -> builder.equal(root.get("customerId"), customerId));
		}
		if (status != null) {
			filter = filter.and((root, query, builder) -> builder.equal(root.get("status"), status));
		}
		return findAll(filter, page);
	}

	/** Ids of open orders past their deadline, locked; other instances skip them. */
	@Query(value = """
			SELECT order_id FROM customer_order
			WHERE status IN ('PENDING', 'PAID') AND deadline_at < :now
			ORDER BY deadline_at
			LIMIT :limit
			FOR UPDATE SKIP LOCKED
			""", nativeQuery = true)
	List<UUID> lockOverdue(Instant now, int limit);
}
