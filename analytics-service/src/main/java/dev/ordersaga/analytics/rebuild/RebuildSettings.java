package dev.ordersaga.analytics.rebuild;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a rebuild replays the saga topics, under {@code analytics.rebuild}.
 *
 * @param timeout how long reading the topics up to their end offsets may take before the rebuild
 * gives up (the read models then hold what was replayed so far; run it again)
 * @param pollTimeout how long one poll of the replaying consumer waits for records
 */
@ConfigurationProperties("analytics.rebuild")
public record RebuildSettings(@DefaultValue("10m") Duration timeout, @DefaultValue("500ms") Duration pollTimeout) {

	public RebuildSettings {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("analytics.rebuild.timeout must be positive, was " + timeout);
		}
		if (pollTimeout.isNegative() || pollTimeout.isZero()) {
			throw new IllegalArgumentException("analytics.rebuild.poll-timeout must be positive, was " + pollTimeout);
		}
	}
}
