package dev.ordersaga.servicesupport.apidocs;

import java.util.List;

/**
 * Where a service's API documentation is served: springdoc's OpenAPI document and Swagger UI at
 * their default paths, and the event catalogue. Anyone may read them on the API's port: they
 * describe the API, they hold no data.
 */
public final class ApiDocumentation {

	/** The OpenAPI document (JSON; {@code /v3/api-docs.yaml} as YAML). */
	public static final String OPENAPI_PATH = "/v3/api-docs";

	/** Swagger UI, which redirects to {@code /swagger-ui/index.html}. */
	public static final String SWAGGER_UI_PATH = "/swagger-ui.html";

	/** The event catalogue as a page; the AsyncAPI document itself is {@code /asyncapi.yaml}. */
	public static final String EVENT_CATALOGUE_PATH = "/asyncapi";

	/** Every path the documentation needs, as request matcher patterns. */
	public static final List<String> PUBLIC_PATHS = List.of(OPENAPI_PATH, OPENAPI_PATH + "/**",
			OPENAPI_PATH + ".yaml", SWAGGER_UI_PATH, "/swagger-ui/**", EVENT_CATALOGUE_PATH,
			EVENT_CATALOGUE_PATH + ".yaml", EVENT_CATALOGUE_PATH + ".json");

	private ApiDocumentation() {
	}
}
