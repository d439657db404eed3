package dev.ordersaga.authclient;

import java.time.Duration;
import java.time.Instant;

/**
 * A bearer token and when it expires.
 *
 * @param value the token, for an {@code Authorization: Bearer} header
 * @param expiresAt when the authorization server stops honouring it
 */
public record AccessToken(String value, Instant expiresAt) {

	/** @return whether it is still good for at least the given margin */
	public boolean validFor(Duration margin) {
		return Instant.now().plus(margin).isBefore(expiresAt);
	}

	@Override
	public String toString() {
		return "AccessToken[expiresAt=" + expiresAt + "]";
	}
}
