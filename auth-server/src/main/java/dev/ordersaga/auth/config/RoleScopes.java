package dev.ordersaga.auth.config;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A user's role decides the scopes of the tokens they get by logging in: scope {@code customer} for
 * {@code ROLE_customer}, {@code staff} for {@code ROLE_staff}, {@code operator} for
 * {@code ROLE_operator}; {@code openid} for everyone. Client registrations only say which scopes a
 * client may ask for: the console asks for {@code staff operator} and each user gets the one of them
 * their role allows ({@link #narrow}); a user whose role allows none of the scopes asked for (a
 * customer at the console, a staff member at the shop) is refused with {@code access_denied}
 * ({@link #check}).
 */
final class RoleScopes implements AuthenticationConverter {

	private final AuthenticationConverter converter;

	private RoleScopes(AuthenticationConverter converter) {
		this.converter = converter;
	}

	/** @return the authorization request converter, whose requests' scopes are narrowed to the user's role */
	static AuthenticationConverter narrow(AuthenticationConverter converter) {
		return new RoleScopes(converter);
	}

	@Override
	public @Nullable Authentication convert(HttpServletRequest request) {
		Authentication converted = converter.convert(request);
		if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorization)
				|| !(authorization.getPrincipal() instanceof Authentication user) || !loggedIn(user)) {
			return converted;
		}
		Set<String> allowed = authorization.getScopes().stream()
			.filter(scope -> allows(user, scope))
			.collect(Collectors.toSet());
		if (allowed.size() == authorization.getScopes().size() || allowed.stream().allMatch(OidcScopes.OPENID::equals)) {
			return converted; // all allowed, or none: check refuses it
		}
		return new OAuth2AuthorizationCodeRequestAuthenticationToken(authorization.getAuthorizationUri(),
				authorization.getClientId(), user, authorization.getRedirectUri(), authorization.getState(), allowed,
				authorization.getAdditionalParameters());
	}

	/**
	 * Refuses, once the user has logged in, an authorization request for a scope their role does not
	 * allow; runs after Spring Authorization Server's own checks of the client, redirect and scopes.
	 */
	static void check(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken authorization = context.getAuthentication();
		if (!(authorization.getPrincipal() instanceof Authentication user) || !loggedIn(user)) {
			return;
		}
		for (String scope : authorization.getScopes()) {
			if (!allows(user, scope)) {
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(
						OAuth2ErrorCodes.ACCESS_DENIED, "Your login may not have the scope " + scope, null), authorization);
			}
		}
	}

	private static boolean allows(Authentication user, String scope) {
		return OidcScopes.OPENID.equals(scope) || user.getAuthorities().stream()
			.anyMatch(authority -> ("ROLE_" + scope).equals(authority.getAuthority()));
	}

	private static boolean loggedIn(Authentication user) {
		return user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken);
	}
}
