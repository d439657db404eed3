package dev.ordersaga.authclient;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A token fetched when first asked for and reused until it is about to expire, then fetched again:
 * what every client of auth-server does with its client-credentials or login tokens. Thread-safe;
 * concurrent callers fetch it once.
 */
public final class RenewingToken implements Supplier<AccessToken> {

	/** How long a token must still be good to be handed out: longer than any one request takes. */
	public static final Duration MARGIN = Duration.ofMinutes(2);

	private final Supplier<AccessToken> fetch;

	private volatile @Nullable AccessToken token;

	/** @param fetch gets a new token from auth-server, must not be {@literal null} */
	public RenewingToken(Supplier<AccessToken> fetch) {
		this.fetch = fetch;
	}

	/** @return a token good for at least {@link #MARGIN} */
	@Override
	public AccessToken get() {
		return renewIfExpiringWithin(MARGIN);
	}

	/**
	 * Fetches the token again when it would expire within the given time, so that a stretch of work
	 * that long never waits for auth-server.
	 * @return a token good for at least that long
	 */
	public AccessToken renewIfExpiringWithin(Duration time) {
		AccessToken current = token;
		if (current == null || !current.validFor(time)) {
			synchronized (this) {
				current = token;
				if (current == null || !current.validFor(time)) {
					current = fetch.get();
					token = current;
				}
			}
		}
		return current;
	}
}
