package dev.ordersaga.auth.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drops the authorizations whose every code and token expired more than
 * {@link AuthSettings#expiredAuthorizationsKeptFor()} ago, and the logins started and never finished
 * that long ago: Spring Authorization Server keeps each token it issues and drops none itself.
 */
@Component
public class ExpiredAuthorizations {

	private static final Logger log = LoggerFactory.getLogger(ExpiredAuthorizations.class);

	private final JdbcClient jdbc;

	private final AuthSettings settings;

	ExpiredAuthorizations(JdbcClient jdbc, AuthSettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/** @return how many authorizations were dropped */
	@Scheduled(fixedDelayString = "${ordersaga.auth.expired-authorizations-check-interval:10m}", initialDelayString = "1m")
	public int drop() {
		int dropped = jdbc.sql("""
				DELETE FROM oauth2_authorization
				WHERE coalesce(greatest(authorization_code_expires_at, access_token_expires_at,
				                        refresh_token_expires_at, oidc_id_token_expires_at), created_at)
				      < now() - make_interval(secs => :kept)
				""").param("kept", settings.expiredAuthorizationsKeptFor().toSeconds()).update();
		if (dropped > 0) {
			log.info("Dropped {} expired authorizations", dropped);
		}
		return dropped;
	}
}
