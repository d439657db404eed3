package dev.ordersaga.servicesupport.apidocs;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Documents the errors every endpoint shares and gives every error response its body: RFC 9457
 * problem+json ({@code Problem}). The answers each service's filter chain and exception handler give
 * any endpoint go on every operation: 401 and 403, 400 where it takes parameters or a body (with the
 * {@code errors} list of a validation failure), 413 where it takes a body. An endpoint names its own
 * problems ({@code @ApiResponse(responseCode = "404", description = …)}); whatever the annotation
 * leaves out, this fills in with the problem schema. Successful answers are {@code application/json}.
 */
public class ProblemDocumentation implements OpenApiCustomizer {

	/** The name of the problem+json schema among the document's components. */
	public static final String PROBLEM = "Problem";

	private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

	private static final String ANY = org.springframework.http.MediaType.ALL_VALUE;

	private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	@Override
	public void customise(OpenAPI openApi) {
		Components components = openApi.getComponents() != null ? openApi.getComponents() : new Components();
		openApi.setComponents(components);
		components.addSchemas(PROBLEM, problemSchema());
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().values().stream().map(PathItem::readOperations).flatMap(List::stream).forEach(this::document);
	}

	private void document(Operation operation) {
		ApiResponses responses = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
		boolean body = operation.getRequestBody() != null;
		boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
		if (body || parameters) {
			responses.putIfAbsent("400", new ApiResponse().description(
					"The request is invalid: malformed, or a field or parameter out of bounds (the problem's errors list says which and why)"));
		}
		if (body) {
			responses.putIfAbsent("413", new ApiResponse().description("The body is larger than the service accepts"));
		}
		responses.putIfAbsent("401", new ApiResponse().description("No valid bearer token"));
		responses.putIfAbsent("403", new ApiResponse().description("The token does not allow this"));
		ApiResponses sorted = new ApiResponses();
		responses.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
			.forEach(entry -> sorted.addApiResponse(entry.getKey(), problemBodyIfError(entry.getKey(), entry.getValue())));
		operation.setResponses(sorted);
	}

	private static ApiResponse problemBodyIfError(String status, ApiResponse response) {
		if (response.get$ref() != null || status.isEmpty() || !Character.isDigit(status.charAt(0))
				|| status.charAt(0) < '4') {
			// Every controller answers JSON: say so rather than springdoc's */*.
			Content content = response.getContent();
			if (content != null && content.containsKey(ANY)) {
				content.put(JSON, content.remove(ANY));
			}
			return response;
		}
		return response.content(new Content().addMediaType(PROBLEM_JSON,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Schema<?> problemSchema() {
		Schema fieldError = new ObjectSchema().addProperty("field", new StringSchema().description("The field or parameter"))
			.addProperty("message", new StringSchema().description("What is wrong with it"));
		return new ObjectSchema()
			.description("An RFC 9457 problem detail (application/problem+json); a service may add properties of its own")
			.addProperty("type", new StringSchema().format("uri").description("The problem type; about:blank unless stated"))
			.addProperty("title", new StringSchema().description("A short summary, e.g. Not found"))
			.addProperty("status", new IntegerSchema().description("The HTTP status"))
			.addProperty("detail", new StringSchema().description("What happened, for a human reader"))
			.addProperty("instance", new StringSchema().format("uri-reference").description("The request's path"))
			.addProperty("errors", new ArraySchema().items(fieldError)
				.description("On 400 for a validation failure: every field or parameter that is invalid"));
	}
}
