package dev.ordersaga.notification.web;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

import dev.ordersaga.servicesupport.security.AccessRules;

/**
 * Who may use notification-service's API: customers set and read their own contact and read the
 * notifications of their own orders (the controllers narrow to the token's subject); staff set and
 * read anyone's contact and read any notifications; operators read both.
 */
@Component
class NotificationAccess implements AccessRules {

	@Override
	public void define(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
		requests.requestMatchers(HttpMethod.PUT, "/api/customers/*/contact").hasAnyAuthority("SCOPE_customer", "SCOPE_staff")
			.requestMatchers(HttpMethod.GET, "/api/customers/*/contact", "/api/notifications")
			.hasAnyAuthority("SCOPE_customer", "SCOPE_staff", "SCOPE_operator");
	}
}
