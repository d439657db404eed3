package dev.ordersaga.servicesupport.security;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who sent a request, from its token: a customer (scope {@code customer}; the token's subject is the
 * customer id), staff (scope {@code staff}) or an operator (scope {@code operator}). A controller
 * method takes it as a parameter.
 *
 * @param customerId the customer's id when a customer calls, otherwise empty
 * @param staff whether the caller has the staff scope
 * @param operator whether the caller has the operator scope
 */
public record Caller(Optional<UUID> customerId, boolean staff, boolean operator) {

	/** @return the caller of a request authenticated by a bearer token, never {@literal null} */
	public static Caller of(@Nullable Authentication authentication) {
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return new Caller(Optional.empty(), false, false);
		}
		Collection<? extends GrantedAuthority> authorities = token.getAuthorities();
		Optional<UUID> customer = has(authorities, "SCOPE_customer") ? parse(token.getToken().getSubject())
				: Optional.empty();
		return new Caller(customer, has(authorities, "SCOPE_staff"), has(authorities, "SCOPE_operator"));
	}

	/** @return whether the caller is this customer */
	public boolean is(UUID customer) {
		return customerId.filter(customer::equals).isPresent();
	}

	/** @return whether the caller may see what belongs to this customer: the customer, staff or an operator */
	public boolean maySee(UUID customer) {
		return staff || operator || is(customer);
	}

	/** @return whether the caller sees every customer's records (staff or an operator), not only their own */
	public boolean seesEveryone() {
		return staff || operator;
	}

	private static boolean has(Collection<? extends GrantedAuthority> authorities, String authority) {
		return authorities.stream().anyMatch(granted -> authority.equals(granted.getAuthority()));
	}

	private static Optional<UUID> parse(@Nullable String subject) {
		try {
			return subject == null ? Optional.empty() : Optional.of(UUID.fromString(subject));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}
}
