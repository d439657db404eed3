package dev.ordersaga.messaging;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Exports spans to Zipkin only where a Zipkin endpoint is configured
 * ({@code management.tracing.export.zipkin.endpoint}, e.g. by {@code ./suite}, docker-compose.yml or a
 * test that runs a Zipkin server). Spring Boot exports to {@code http://localhost:9411} by default,
 * which would make every service and test without a Zipkin server report failed exports. An explicit
 * {@code management.tracing.export.zipkin.enabled} still wins: this is only the last default.
 */
public final class ZipkinExportDefault implements EnvironmentPostProcessor {

	static final String ENDPOINT = "management.tracing.export.zipkin.endpoint";

	static final String ENABLED = "management.tracing.export.zipkin.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean configured = !environment.getProperty(ENDPOINT, "").isBlank();
		environment.getPropertySources()
			.addLast(new MapPropertySource("ordersagaZipkinExportDefault", Map.of(ENABLED, configured)));
	}
}
