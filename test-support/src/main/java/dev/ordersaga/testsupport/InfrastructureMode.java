package dev.ordersaga.testsupport;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Where the tests' PostgreSQL comes from. Kafka is a {@link KafkaBrokerProcess} beside the tests in
 * either mode: the test broker is secured as in production, which the broker of a container image
 * would need the same configuration for.
 */
public enum InfrastructureMode {

	/** Testcontainers: PostgreSQL in a Docker container. */
	CONTAINERS,

	/** An embedded PostgreSQL (binaries from Maven Central). */
	LOCAL;

	/** System property that forces a mode: {@code auto}, {@code containers} or {@code local}. */
	public static final String PROPERTY = "ordersaga.test.infrastructure";

	/** Environment variable that forces a mode when the system property is not set. */
	public static final String ENVIRONMENT_VARIABLE = "ORDERSAGA_TEST_INFRASTRUCTURE";

	/**
	 * Chooses the mode.
	 * @param configured {@code auto}, {@code containers} or {@code local} (any case); {@literal null}
	 * or blank means {@code auto}
	 * @param dockerAvailable asked only when the choice depends on it
	 * @return the mode, never {@literal null}
	 * @throws IllegalArgumentException for any other value
	 * @throws IllegalStateException when containers are demanded but no Docker engine answers
	 */
	public static InfrastructureMode select(@Nullable String configured, BooleanSupplier dockerAvailable) {
		String value = configured == null || configured.isBlank() ? "auto" : configured.trim().toLowerCase(Locale.ROOT);
		return switch (value) {
			case "auto" -> dockerAvailable.getAsBoolean() ? CONTAINERS : LOCAL;
			case "local" -> LOCAL;
			case "containers" -> {
				if (!dockerAvailable.getAsBoolean()) {
					throw new IllegalStateException(PROPERTY + "=containers, but no Docker engine is available; "
							+ "start Docker or use " + PROPERTY + "=local");
				}
				yield CONTAINERS;
			}
			default -> throw new IllegalArgumentException(PROPERTY + "=" + configured + " is not one of "
					+ Arrays.asList("auto", "containers", "local"));
		};
	}

	/** @return the configured value: system property first, then the environment variable */
	static @Nullable String configured() {
		String property = System.getProperty(PROPERTY);
		return property != null ? property : System.getenv(ENVIRONMENT_VARIABLE);
	}
}
