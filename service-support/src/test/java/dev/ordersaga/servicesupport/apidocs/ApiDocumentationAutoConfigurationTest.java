package dev.ordersaga.servicesupport.apidocs;

import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDocumentationAutoConfigurationTest {

	private final WebApplicationContextRunner servletApplication = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApiDocumentationAutoConfiguration.class))
		.withPropertyValues("spring.application.name=order-service");

	@Test
	void documentsTheApiAsSecuredByABearerToken() {
		servletApplication.run(context -> {
			assertThat(context).hasNotFailed().hasSingleBean(ProblemDocumentation.class);
			OpenAPI openApi = context.getBean(OpenAPI.class);
			assertThat(openApi.getInfo().getTitle()).isEqualTo("order-service");
			SecurityScheme bearer = openApi.getComponents().getSecuritySchemes().get(ApiDocumentationAutoConfiguration.BEARER);
			assertThat(bearer.getScheme()).isEqualTo("bearer");
			assertThat(bearer.getBearerFormat()).isEqualTo("JWT");
			assertThat(openApi.getSecurity()).hasSize(1);
		});
	}

	@Test
	void servesTheEventCatalogueWithItsSchemasInlined() {
		servletApplication.run(context -> {
			EventCataloguePage page = context.getBean(EventCataloguePage.class);
			assertThat(page.document()).contains("asyncapi: 3.0.0");
			assertThat(page.page()).contains("asyncapi.json");
			assertThat(page.resolved()).extractingByKey("components")
				.asString()
				.contains("OrderPlaced v2", "x-definition=uuid", "customerEmail")
				.doesNotContain("common.schema.json");
		});
	}

	@Test
	void servesNoEventCatalogueWithoutTheEventContracts() {
		servletApplication.withClassLoader(new FilteredClassLoader(new org.springframework.core.io.ClassPathResource("asyncapi.yaml")))
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventCataloguePage.class));
	}

	@Test
	void backsOffForTheApplicationsOwnDocument() {
		servletApplication.withBean(OpenAPI.class, () -> new OpenAPI().extensions(Map.of("x-own", true)))
			.run(context -> assertThat(context.getBean(OpenAPI.class).getExtensions()).containsKey("x-own"));
	}
}
