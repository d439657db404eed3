package dev.ordersaga.servicesupport.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.ordersaga.servicesupport.security.Caller;

/**
 * Every service's OpenAPI document (springdoc, at {@value ApiDocumentation#OPENAPI_PATH}; Swagger UI at
 * {@value ApiDocumentation#SWAGGER_UI_PATH}): titled with the application's name, secured by a bearer
 * JWT from auth-server, errors as problem+json ({@link ProblemDocumentation}). A {@link Caller}
 * parameter comes from the token, so the document does not list it. Where the event contracts are
 * on the classpath, their AsyncAPI document is served too ({@link EventCataloguePage}). Backs off
 * for an application's own {@link OpenAPI} bean.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ OpenAPI.class, SpringDocUtils.class })
public class ApiDocumentationAutoConfiguration {

	/** The name of the security scheme every operation requires. */
	public static final String BEARER = "bearer";

	static {
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
	}

	@Bean
	@ConditionalOnMissingBean
	OpenAPI serviceOpenApi(Environment environment) {
		String name = environment.getProperty("spring.application.name", "service");
		return new OpenAPI()
			.info(new Info().title(name).version("v1")
				.description("The REST API of " + name + ", one of the order saga's services. Every request needs an "
						+ "access token from auth-server (docs/security.md says which scope may do what); every error is "
						+ "RFC 9457 problem+json. The events it publishes and consumes: " + ApiDocumentation.EVENT_CATALOGUE_PATH + "."))
			.components(new Components().addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
				.scheme("bearer")
				.bearerFormat("JWT")
				.description("An access token from auth-server: ./suite token staff|operator|ada")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemDocumentation problemDocumentation() {
		return new ProblemDocumentation();
	}

	/** Only where the event contracts are: auth-server has none. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnResource(resources = EventCataloguePage.DOCUMENT)
	static class EventCatalogueConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EventCataloguePage eventCataloguePage() {
			return new EventCataloguePage();
		}
	}
}
