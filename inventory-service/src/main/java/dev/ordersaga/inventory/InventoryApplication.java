package dev.ordersaga.inventory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry point of inventory-service. It needs only {@code SPRING_DATASOURCE_URL} and
 * {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}; everything else has defaults in {@code application.yml}.
 */
@SpringBootApplication
public class InventoryApplication {

	public static void main(String[] args) {
		SpringApplication.run(InventoryApplication.class, args);
	}
}
