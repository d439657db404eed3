package dev.ordersaga.inventory.catalog;

import java.util.Collection;
import java.util.List;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The catalogue's products. */
public interface Products extends JpaRepository<Product, String> {

	/**
	 * Locks the given products for the rest of the transaction, always in sku order so two orders
	 * reserving overlapping products cannot deadlock.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from Product p where p.sku in :skus order by p.sku")
	List<Product> lockAll(Collection<String> skus);
}
