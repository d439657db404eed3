package dev.ordersaga.benchmarks;

import java.util.Map;

/** Spring Boot properties as command-line arguments: they outrank every other property source. */
public final class SpringArguments {

	private SpringArguments() {
	}

	/**
	 * @param properties names and values, must not be {@literal null}
	 * @return {@code --name=value} for each, never {@literal null}
	 */
	public static String[] of(Map<String, ?> properties) {
		return properties.entrySet()
			.stream()
			.map(property -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
	}
}
