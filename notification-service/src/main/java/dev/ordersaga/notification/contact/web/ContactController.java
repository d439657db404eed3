package dev.ordersaga.notification.contact.web;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

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
import dev.ordersaga.notification.notice.NotificationSettings;
import dev.ordersaga.servicesupport.web.NotFound;
import dev.ordersaga.servicesupport.security.Caller;

/** {@code /api/customers/{customerId}/contact}: the address a customer's notifications go to. */
@RestController
@Tag(name = "Contacts", description = "Where a customer's notifications go")
@RequestMapping("/api/customers/{customerId}/contact")
class ContactController {

	private final Contacts contacts;

	private final NotificationSettings settings;

	ContactController(Contacts contacts, NotificationSettings settings) {
		this.contacts = contacts;
		this.settings = settings;
	}

	/**
	 * Keeps the address a customer gives for themself, or staff give for a customer. Any other
	 * customer is told there is no such contact, and nothing changes.
	 */
	@PutMapping
	@Operation(summary = "Keep a customer's e-mail address (the customer, or staff)")
	@ApiResponse(responseCode = "200", description = "Changed", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "201", description = "Kept for the first time", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "Not the caller's: nothing changes")
	ResponseEntity<ContactView> keep(Caller caller, @PathVariable UUID customerId,
			@Valid @RequestBody ContactRequest request) {
		if (!caller.is(customerId) && !caller.staff()) {
			throw noContact(customerId);
		}
		boolean created = contacts.keep(customerId, request.email().trim(), request.name());
		ContactView view = get(caller, customerId);
		return created ? ResponseEntity.created(URI.create("/api/customers/" + customerId + "/contact")).body(view)
				: ResponseEntity.ok(view);
	}

	/** A contact, to its customer, staff and operators; any other customer is told there is none. */
	@GetMapping
	@Operation(summary = "A customer's contact")
	@ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "404", description = "No contact kept (mail goes to the default address), or not the caller's")
	ContactView get(Caller caller, @PathVariable UUID customerId) {
		return contacts.find(customerId)
			.filter(contact -> caller.maySee(customerId))
			.map(ContactView::of)
			.orElseThrow(() -> noContact(customerId));
	}

	/**
	 * The answer for a customer without a contact, whose mail goes to the default address; strangers
	 * get it too, so it neither confirms nor reveals anyone's contact.
	 */
	private NotFound noContact(UUID customerId) {
		return new NotFound("No contact is kept for customer " + customerId + "; notifications go to "
				+ settings.defaultRecipientFor(customerId));
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
