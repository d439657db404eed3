package dev.ordersaga.notification;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry point of notification-service. It needs only {@code SPRING_DATASOURCE_URL} and
 * {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}; everything else has defaults in {@code application.yml}.
 */
@SpringBootApplication
public class NotificationApplication {

	public static void main(String[] args) {
		SpringApplication.run(NotificationApplication.class, args);
	}
}
