package dev.ordersaga.payment.account;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** Every movement of every account. */
public interface LedgerEntries extends JpaRepository<LedgerEntry, Long> {

	/** @return the account's latest movements, the newest first */
	List<LedgerEntry> findTop20ByAccountCustomerIdOrderByIdDesc(UUID customerId);

	/** @return one page of the account's movements, in the order they were booked */
	Page<LedgerEntry> findByAccountCustomerIdOrderById(UUID customerId, Pageable page);

	long countByAccountCustomerId(UUID customerId);
}
