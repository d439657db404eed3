package dev.ordersaga.messaging.testapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small service that uses the library the way the real services do. */
@SpringBootApplication
public class MessagingTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(MessagingTestApplication.class, args);
	}
}
