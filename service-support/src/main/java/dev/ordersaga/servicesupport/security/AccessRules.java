package dev.ordersaga.servicesupport.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own rules for its REST API, as a bean. The service's filter chain applies them after
 * the rules every service shares (health public; the messaging admin API and the other actuator
 * endpoints for operators) and denies every request no rule allows. Scopes are authorities named
 * {@code SCOPE_customer}, {@code SCOPE_staff} and {@code SCOPE_operator}; see {@link Caller}.
 */
@FunctionalInterface
public interface AccessRules {

	void define(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
