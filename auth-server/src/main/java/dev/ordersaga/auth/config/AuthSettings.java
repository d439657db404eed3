package dev.ordersaga.auth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The authorization server's own settings ({@code ordersaga.auth.*}). Its clients, issuer and token
 * lifetimes are Spring Boot's {@code spring.security.oauth2.authorizationserver.*}.
 *
 * @param signingKeyFile the PEM file (PKCS #8) of the RSA key that signs every token. Made, readable by
 * its owner only, on the first start when missing, so tokens outlive a restart. Without it the key
 * is made up at every start and every token dies with the process.
 * @param expiredAuthorizationsKeptFor how long an authorization is kept after its last code or token
 * expired (and a login that was never finished after it began), before {@link ExpiredAuthorizations}
 * drops it; checked every {@code ordersaga.auth.expired-authorizations-check-interval} (10m)
 * @param corsAllowedOrigins the origins (Spring's origin patterns, e.g. {@code http://127.0.0.1:[*]}) whose
 * pages may call the token endpoint from the browser: the saga console's, which exchanges its login's
 * code there. None by default
 */
@ConfigurationProperties("ordersaga.auth")
public record AuthSettings(@Nullable Path signingKeyFile, @DefaultValue("1h") Duration expiredAuthorizationsKeptFor,
		@Nullable List<String> corsAllowedOrigins) {

	public AuthSettings {
		corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
		if (expiredAuthorizationsKeptFor.isNegative()) {
			throw new IllegalArgumentException("ordersaga.auth.expired-authorizations-kept-for must not be negative, was "
					+ expiredAuthorizationsKeptFor);
		}
	}
}
