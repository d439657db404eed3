/**
 * Who may call a service: every service is an OAuth2 resource server for auth-server's JWTs, denies
 * what its {@link dev.ordersaga.servicesupport.security.AccessRules} do not allow, and answers 401 and
 * 403 as problem+json. Controllers learn who calls them from a {@link dev.ordersaga.servicesupport.security.Caller}.
 */
@org.jspecify.annotations.NullMarked
package dev.ordersaga.servicesupport.security;
