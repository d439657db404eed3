package dev.ordersaga.inventory.catalog.web;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

import dev.ordersaga.servicesupport.security.AccessRules;

/**
 * Who may use {@code /api/products}: the catalogue is the shop's window, so anyone reads it, with
 * or without a token; only staff set a product's name, price and stock.
 */
@Component
class ProductAccess implements AccessRules {

	@Override
	public void define(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
		requests.requestMatchers(HttpMethod.GET, "/api/products", "/api/products/*").permitAll()
			.requestMatchers(HttpMethod.PUT, "/api/products/*").hasAuthority("SCOPE_staff");
	}
}
