package dev.ordersaga.analytics.web;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

import dev.ordersaga.servicesupport.security.AccessRules;

/**
 * Who may use {@code /api/analytics}: staff and operators read the saga's figures and any order's
 * timeline; customers read none of it, not even their own order's timeline (order-service shows
 * them their orders). Only operators rebuild the read models: it replays every saga topic. The
 * console's page and its scripts ({@code /console/}) and where it logs in are public, they hold no
 * data; what they show comes from the console's endpoints, for staff and operators, and its
 * messaging panel, replays and parked-row actions for operators only.
 */
@Component
class AnalyticsAccess implements AccessRules {

	@Override
	public void define(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
		requests.requestMatchers(HttpMethod.GET, "/console/**", "/api/analytics/console/login")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/api/analytics/console/services")
			.hasAuthority("SCOPE_operator")
			.requestMatchers(HttpMethod.POST, "/api/analytics/console/services/*/dead-letters/*/replay",
					"/api/analytics/console/services/*/outbox/parked/*/*")
			.hasAuthority("SCOPE_operator")
			.requestMatchers(HttpMethod.GET, "/api/analytics/summary", "/api/analytics/orders/*/timeline",
					"/api/analytics/console/orders", "/api/analytics/console/stream", "/api/analytics/console/funnel")
			.hasAnyAuthority("SCOPE_staff", "SCOPE_operator")
			.requestMatchers(HttpMethod.POST, "/api/analytics/rebuild").hasAuthority("SCOPE_operator");
	}
}
