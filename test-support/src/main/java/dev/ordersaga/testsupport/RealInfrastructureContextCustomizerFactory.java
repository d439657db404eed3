package dev.ordersaga.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Applies {@link RealInfrastructure}: adds the infrastructure's connection properties as the
 * first property source, once the application's own configuration is loaded (so its
 * {@code spring.application.name} picks the database role and the Kafka principal, and
 * {@value TestInfrastructure#KAFKA_PRINCIPAL_PROPERTY}, when set, another Kafka principal).
 */
public class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return TestContextAnnotationUtils.hasAnnotation(testClass, RealInfrastructure.class) ? new Customizer() : null;
	}

	static final class Customizer implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			ConfigurableEnvironment environment = context.getEnvironment();
			String application = environment.getProperty("spring.application.name");
			if (application == null || application.isBlank()) {
				throw new IllegalStateException("@RealInfrastructure needs spring.application.name: it names the "
						+ "database role and schema the test logs in with");
			}
			String kafkaPrincipal = environment.getProperty(TestInfrastructure.KAFKA_PRINCIPAL_PROPERTY,
					TestInfrastructure.kafkaPrincipalOf(application));
			Map<String, Object> properties = new LinkedHashMap<>(
					TestInfrastructure.get().springProperties(application, kafkaPrincipal));
			if (environment.containsProperty("management.server.port")) {
				// The application's own management port becomes a free one, like the server's
				// (@LocalManagementPort), so tests neither collide with each other nor with ./suite.
				properties.put("management.server.port", 0);
			}
			environment.getPropertySources().addFirst(new MapPropertySource("realInfrastructure", properties));
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Customizer;
		}

		@Override
		public int hashCode() {
			return Customizer.class.hashCode();
		}
	}
}
