package dev.ordersaga.auth.staff.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ordersaga.auth.customer.Customers.UsernameTaken;
import dev.ordersaga.auth.staff.StaffMembers;

/**
 * Operators set staff members' and operators' logins ({@code PUT /api/staff-members/{username}}):
 * created when new, role and password replaced otherwise, so a script may run it at every start.
 */
@RestController
@RequestMapping("/api/staff-members")
class StaffMemberController {

	private final StaffMembers staff;

	StaffMemberController(StaffMembers staff) {
		this.staff = staff;
	}

	@PutMapping("/{username}")
	ResponseEntity<StaffMember> set(
			@PathVariable @Pattern(regexp = "[a-z0-9._-]{3,40}",
					message = "must be 3 to 40 lower-case letters, digits, dots, dashes or underscores") String username,
			@Valid @RequestBody Login login) {
		boolean created = staff.set(username, login.role(), login.password());
		return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
			.body(new StaffMember(username, login.role()));
	}

	@ExceptionHandler
	ProblemDetail taken(UsernameTaken taken) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, taken.getMessage());
	}

	/**
	 * @param role {@code staff} or {@code operator}
	 * @param password 12 to 128 characters
	 */
	record Login(@NotNull StaffMembers.Role role, @NotNull @Size(min = 12, max = 128) String password) {
	}

	/** A staff member as answered: never the password. */
	record StaffMember(String username, StaffMembers.Role role) {
	}
}
