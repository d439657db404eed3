package dev.ordersaga.notification.contact.web;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.notification.contact.Contact;
import dev.ordersaga.notification.contact.Contacts;
import dev.ordersaga.notification.web.NotFound;

/** {@code /api/customers/{customerId}/contact}: the address a customer's notifications go to. */
@RestController
@RequestMapping("/api/customers/{customerId}/contact")
class ContactController {

	private final Contacts contacts;

	ContactController(Contacts contacts) {
		this.contacts = contacts;
	}

	@PutMapping
	ResponseEntity<ContactView> keep(@PathVariable UUID customerId, @Valid @RequestBody ContactRequest request) {
		boolean created = contacts.keep(customerId, request.email().trim(), request.name());
		ContactView view = get(customerId);
		return created ? ResponseEntity.created(URI.create("/api/customers/" + customerId + "/contact")).body(view)
				: ResponseEntity.ok(view);
	}

	@GetMapping
	ContactView get(@PathVariable UUID customerId) {
		return contacts.find(customerId)
			.map(ContactView::of)
			.orElseThrow(() -> new NotFound("No contact is kept for customer " + customerId
					+ "; notifications go to " + contacts.recipientFor(customerId)));
	}

	record ContactRequest(@NotBlank @Email @Size(max = 254) String email, @Nullable @Size(max = 200) String name) {
	}

	record ContactView(UUID customerId, String email, @Nullable String name, Contact.Source source, Instant updatedAt) {

		static ContactView of(Contact contact) {
			return new ContactView(contact.customerId(), contact.email(), contact.name(), contact.source(),
					contact.updatedAt());
		}
	}
}
