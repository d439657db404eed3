package dev.ordersaga.payment.account.web;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

import dev.ordersaga.servicesupport.security.AccessRules;

/**
 * Who may use payment-service's API: staff open accounts and take deposits; customers read their
 * own account, ledger and payments (the controllers narrow to the token's subject), staff and
 * operators read anyone's.
 */
@Component
class PaymentAccess implements AccessRules {

	@Override
	public void define(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
		requests.requestMatchers(HttpMethod.PUT, "/api/accounts/*").hasAuthority("SCOPE_staff")
			.requestMatchers(HttpMethod.POST, "/api/accounts/*/deposits").hasAuthority("SCOPE_staff")
			.requestMatchers(HttpMethod.GET, "/api/accounts/*", "/api/accounts/*/ledger", "/api/payments")
			.hasAnyAuthority("SCOPE_customer", "SCOPE_staff", "SCOPE_operator");
	}
}
