package dev.ordersaga.servicesupport.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

/**
 * The saga's event catalogue, the AsyncAPI document of event-contracts, for readers: a page that
 * shows its channels and messages with their payload fields ({@code /asyncapi}), the document as it
 * is ({@code /asyncapi.yaml}), and as JSON with every message's JSON Schema inlined and its shared
 * definitions resolved ({@code /asyncapi.json}, what the page reads). Documentation, not API: left out
 * of the OpenAPI document.
 */
@RestController
@Hidden
public class EventCataloguePage {

	/** The AsyncAPI document, a resource of event-contracts. */
	public static final String DOCUMENT = "classpath:asyncapi.yaml";

	private static final String SCHEMA_ROOT = "dev/ordersaga/contracts/";

	private final JsonMapper json = JsonMapper.builder().build();

	private final String document = read("asyncapi.yaml");

	private final String page = read("dev/ordersaga/servicesupport/apidocs/asyncapi.html");

	private final Map<String, Object> resolved = resolve(document);

	@GetMapping(path = ApiDocumentation.EVENT_CATALOGUE_PATH, produces = MediaType.TEXT_HTML_VALUE)
	String page() {
		return page;
	}

	@GetMapping(path = ApiDocumentation.EVENT_CATALOGUE_PATH + ".yaml", produces = "application/yaml")
	String document() {
		return document;
	}

	@GetMapping(path = ApiDocumentation.EVENT_CATALOGUE_PATH + ".json", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> resolved() {
		return resolved;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> resolve(String yaml) {
		Map<String, Object> asyncApi = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
		Map<String, Object> components = (Map<String, Object>) asyncApi.getOrDefault("components", Map.of());
		Map<String, Object> messages = (Map<String, Object>) components.getOrDefault("messages", Map.of());
		for (Object message : messages.values()) {
			Map<String, Object> payload = (Map<String, Object>) ((Map<String, Object>) message).get("payload");
			Object schema = payload == null ? null : payload.get("schema");
			if (schema instanceof Map<?, ?> reference && reference.get("$ref") instanceof String path) {
				payload.put("schema", inline(URI.create(path), schema(path)));
			}
		}
		return asyncApi;
	}

	/** Replaces every reference to a shared definition ({@code file#/$defs/name}) by the definition. */
	@SuppressWarnings("unchecked")
	private Object inline(URI base, Object node) {
		if (node instanceof List<?> list) {
			return list.stream().map(item -> inline(base, item)).toList();
		}
		if (!(node instanceof Map<?, ?> map)) {
			return node;
		}
		if (map.get("$ref") instanceof String ref && ref.contains("#/$defs/")) {
			String file = base.resolve(ref.substring(0, ref.indexOf('#'))).getPath();
			String name = ref.substring(ref.lastIndexOf('/') + 1);
			Map<String, Object> definitions = (Map<String, Object>) schema(file).get("$defs");
			Map<String, Object> definition = new LinkedHashMap<>((Map<String, Object>) definitions.get(name));
			definition.put("x-definition", name);
			return definition;
		}
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put((String) key, inline(base, value)));
		return copy;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> schema(String path) {
		String normalized = URI.create(path).normalize().getPath();
		if (!normalized.startsWith(SCHEMA_ROOT) || !normalized.endsWith(".schema.json")) {
			throw new IllegalStateException("asyncapi.yaml refers to " + path + ", not a schema of the event contracts");
		}
		return json.readValue(read(normalized), Map.class);
	}

	private static String read(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path + " from the classpath", ex);
		}
	}
}
