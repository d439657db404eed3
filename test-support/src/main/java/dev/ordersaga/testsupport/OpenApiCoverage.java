package dev.ordersaga.testsupport;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whether a service's OpenAPI document lists every endpoint its own controllers map: the
 * {@code (method, path)} pairs of the handler methods in the service's package (not springdoc's,
 * not Spring Boot's error controller, not the shared libraries') against the operations of the
 * document; and whether each operation documents its successful answer.
 */
public final class OpenApiCoverage {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OpenApiCoverage() {
	}

	/**
	 * @param context the service's application context, must not be {@literal null}
	 * @param servicePackage the service's root package, e.g. {@code dev.ordersaga.order}
	 * @return every {@code METHOD /path} its controllers map, paths as OpenAPI writes them
	 */
	public static Set<String> endpoints(ApplicationContext context, String servicePackage) {
		RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
				RequestMappingHandlerMapping.class);
		Set<String> endpoints = new TreeSet<>();
		mapping.getHandlerMethods().forEach((info, handler) -> {
			String owner = handler.getBeanType().getPackageName();
			if (owner.equals(servicePackage) || owner.startsWith(servicePackage + ".")) {
				endpoints.addAll(endpoints(info));
			}
		});
		return endpoints;
	}

	/**
	 * @param endpoints {@code METHOD /path} pairs, must not be {@literal null}
	 * @param openApiJson the OpenAPI document, must not be {@literal null}
	 * @return the endpoints the document does not list, empty when it lists them all
	 */
	public static Set<String> undocumented(Set<String> endpoints, String openApiJson) {
		Set<String> documented = new TreeSet<>();
		JsonNode paths = JSON.readTree(openApiJson).path("paths");
		for (Map.Entry<String, JsonNode> path : paths.properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
			}
		}
		Set<String> missing = new TreeSet<>(endpoints);
		missing.removeAll(documented);
		return missing;
	}

	/**
	 * @param openApiJson the OpenAPI document, must not be {@literal null}
	 * @return the operations ({@code METHOD /path}) that document no successful answer with a body
	 * (a 2xx other than 204 without content), empty when all do
	 */
	public static Set<String> withoutSuccessfulAnswer(String openApiJson) {
		Set<String> missing = new TreeSet<>();
		for (Map.Entry<String, JsonNode> path : JSON.readTree(openApiJson).path("paths").properties()) {
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				boolean answered = operation.getValue()
					.path("responses")
					.properties()
					.stream()
					.anyMatch(response -> response.getKey().startsWith("2")
							&& (response.getKey().equals("204") || !response.getValue().path("content").isEmpty()));
				if (!answered) {
					missing.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
				}
			}
		}
		return missing;
	}

	private static Set<String> endpoints(RequestMappingInfo info) {
		Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
		Set<String> endpoints = new TreeSet<>();
		for (String pattern : info.getPatternValues()) {
			// {name:regex} is {name} in OpenAPI.
			String path = pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
			if (methods.isEmpty()) {
				endpoints.add("ANY " + path);
			}
			methods.forEach(method -> endpoints.add(method.name() + " " + path));
		}
		return endpoints;
	}
}
