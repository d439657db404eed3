package dev.ordersaga.auth.config;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The authorization server's own settings ({@code ordersaga.auth.*}). Its clients, issuer and token
 * lifetimes are Spring Boot's {@code spring.security.oauth2.authorizationserver.*}.
 *
 * @param signingKeyFile the PEM file (PKCS #8) of the RSA key that signs every token. Made, readable by
 * its owner only, on the first start when missing, so tokens outlive a restart. Without it the key
 * is made up at every start and every token dies with the process.
 */
@ConfigurationProperties("ordersaga.auth")
public record AuthSettings(@Nullable Path signingKeyFile) {
}
