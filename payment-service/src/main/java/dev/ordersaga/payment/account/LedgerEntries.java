package dev.ordersaga.payment.account;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** Every movement of every account. */
public interface LedgerEntries extends JpaRepository<LedgerEntry, Long> {

	List<LedgerEntry> findByAccountCustomerIdOrderById(UUID customerId);
}
