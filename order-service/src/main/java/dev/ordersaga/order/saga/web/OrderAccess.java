package dev.ordersaga.order.saga.web;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

import dev.ordersaga.servicesupport.security.AccessRules;

/**
 * Who may use {@code /api/orders}: customers place orders and read and cancel their own (the
 * controller narrows to the token's subject); staff read and cancel any; operators read any.
 */
@Component
class OrderAccess implements AccessRules {

	@Override
	public void define(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
		requests.requestMatchers(HttpMethod.POST, "/api/orders").hasAuthority("SCOPE_customer")
			.requestMatchers(HttpMethod.POST, "/api/orders/*/cancel").hasAnyAuthority("SCOPE_customer", "SCOPE_staff")
			.requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/*")
			.hasAnyAuthority("SCOPE_customer", "SCOPE_staff", "SCOPE_operator");
	}
}
