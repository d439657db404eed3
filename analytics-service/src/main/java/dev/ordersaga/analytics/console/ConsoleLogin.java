package dev.ordersaga.analytics.console;

import java.net.URI;

import org.springframework.core.env.Environment;

/**
 * Where the console's page logs staff and operators in: auth-server's authorization and token
 * endpoints and the public client, for the authorization code flow with PKCE run by the page itself.
 * Nothing in it is secret.
 *
 * @param authorizationEndpoint where the browser goes to log in
 * @param tokenEndpoint where the page exchanges the code and its PKCE verifier for a token
 * @param clientId the public client
 * @param scope the scopes asked for; auth-server grants the one the user's role allows
 */
public record ConsoleLogin(URI authorizationEndpoint, URI tokenEndpoint, String clientId, String scope) {

	/** @return the console's login, from its settings or else the tokens' issuer */
	public static ConsoleLogin of(ConsoleSettings settings, Environment environment) {
		String server = settings.authorizationServer() != null ? settings.authorizationServer().toString()
				: environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", "http://localhost:9000");
		String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
		return new ConsoleLogin(URI.create(base + "/oauth2/authorize"), URI.create(base + "/oauth2/token"),
				settings.clientId(), "staff operator");
	}
}
