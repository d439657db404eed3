package dev.ordersaga.payment.account;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Customer accounts. */
public interface Accounts extends JpaRepository<Account, UUID> {

	/** Locks the account for the rest of the transaction: concurrent charges take turns. */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select a from Account a where a.customerId = :customerId")
	Optional<Account> lock(UUID customerId);
}
