package dev.ordersaga.servicesupport.apidocs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDocumentationTest {

	private final ProblemDocumentation documentation = new ProblemDocumentation();

	@Test
	void addsTheSharedProblemsAndGivesEveryErrorAProblemBody() {
		Operation put = new Operation().addParametersItem(new PathParameter().name("sku"))
			.requestBody(new RequestBody())
			.responses(new ApiResponses()
				.addApiResponse("200", new ApiResponse().content(new Content().addMediaType("*/*", new MediaType())))
				.addApiResponse("404", new ApiResponse().description("No such product")));
		OpenAPI openApi = new OpenAPI().paths(new Paths().addPathItem("/api/products/{sku}", new PathItem().put(put)));

		documentation.customise(openApi);

		ApiResponses responses = openApi.getPaths().get("/api/products/{sku}").getPut().getResponses();
		assertThat(responses).containsOnlyKeys("200", "400", "401", "403", "404", "413");
		assertThat(responses.keySet()).containsExactly("200", "400", "401", "403", "404", "413");
		assertThat(responses.get("200").getContent()).containsOnlyKeys("application/json");
		assertThat(responses.get("404").getDescription()).isEqualTo("No such product");
		assertThat(responses.get("404").getContent().get("application/problem+json").getSchema().get$ref())
			.isEqualTo("#/components/schemas/Problem");
		assertThat(openApi.getComponents().getSchemas()).containsKey(ProblemDocumentation.PROBLEM);
	}

	@Test
	void promisesNoValidationProblemWhereThereIsNothingToValidate() {
		Operation rebuild = new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse()));
		OpenAPI openApi = new OpenAPI().paths(new Paths().addPathItem("/api/analytics/rebuild", new PathItem().post(rebuild)));

		documentation.customise(openApi);

		assertThat(rebuild.getResponses()).containsOnlyKeys("200", "401", "403");
	}
}
