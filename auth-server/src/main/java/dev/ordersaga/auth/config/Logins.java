package dev.ordersaga.auth.config;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

import dev.ordersaga.auth.customer.Customers;
import dev.ordersaga.auth.staff.StaffMembers;

/**
 * Everyone who logs in on the login form: staff members and operators ({@link StaffMembers}), and
 * customers. A login name belongs to one of them only; their authority ({@code ROLE_customer},
 * {@code ROLE_staff}, {@code ROLE_operator}) decides which scopes their tokens may carry
 * ({@link RoleScopes}).
 */
@Service
class Logins implements UserDetailsService {

	private final StaffMembers staff;

	private final Customers customers;

	Logins(StaffMembers staff, Customers customers) {
		this.staff = staff;
		this.customers = customers;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		return staff.login(username)
			.or(() -> customers.login(username))
			.orElseThrow(() -> new UsernameNotFoundException("No such login"));
	}
}
