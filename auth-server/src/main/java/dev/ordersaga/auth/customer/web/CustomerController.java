package dev.ordersaga.auth.customer.web;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.auth.customer.Customers;
import dev.ordersaga.auth.customer.Customers.Customer;
import dev.ordersaga.auth.customer.Customers.UsernameTaken;

/** Staff register customers ({@code POST /api/customers}) and look them up by login name. */
@RestController
@RequestMapping("/api/customers")
class CustomerController {

	private final Customers customers;

	CustomerController(Customers customers) {
		this.customers = customers;
	}

	@PostMapping
	ResponseEntity<Customer> register(@Valid @RequestBody Registration registration) {
		Customer customer = customers.register(registration.username(), registration.password());
		return ResponseEntity.created(URI.create("/api/customers/" + customer.username())).body(customer);
	}

	@GetMapping("/{username}")
	ResponseEntity<Customer> find(@PathVariable String username) {
		return ResponseEntity.of(customers.find(username));
	}

	@ExceptionHandler
	ProblemDetail taken(UsernameTaken taken) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, taken.getMessage());
	}

	/**
	 * @param username the login name: 3 to 40 lower-case letters, digits, dots, dashes or underscores
	 * @param password 12 to 128 characters
	 */
	record Registration(@NotNull @Pattern(regexp = "[a-z0-9._-]{3,40}",
			message = "must be 3 to 40 lower-case letters, digits, dots, dashes or underscores") String username,
			@NotNull @Size(min = 12, max = 128) String password) {
	}
}
