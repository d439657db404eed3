package dev.ordersaga.order.catalog;

import org.springframework.data.jpa.repository.JpaRepository;

/** The catalogue as order-service knows it. */
public interface CatalogProducts extends JpaRepository<CatalogProduct, String> {
}
