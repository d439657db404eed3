package dev.ordersaga.contracts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Checks that a newer version of an event's JSON Schema only adds to the older one, so consumers of
 * the older version can read events of the newer one: no property removed, none retyped, none newly
 * required, no enum value dropped. Compares the payloads (the envelope is shared by every version).
 */
public final class SchemaCompatibility {

	private static final List<String> TYPE_KEYWORDS = List.of("type", "$ref", "const", "pattern", "format");

	private SchemaCompatibility() {
	}

	/**
	 * @param older the older version's schema, must not be {@literal null}
	 * @param newer the newer version's schema, must not be {@literal null}
	 * @return each breaking change with its location, empty when the newer version is compatible
	 */
	public static List<String> breakingChanges(JsonNode older, JsonNode newer) {
		List<String> problems = new ArrayList<>();
		if (!Objects.equals(older.path("$ref"), newer.path("$ref"))) {
			problems.add("$: the envelope reference changed from " + older.path("$ref") + " to " + newer.path("$ref"));
		}
		compare("$.payload", older.path("properties").path("payload"), newer.path("properties").path("payload"),
				problems);
		return problems;
	}

	private static void compare(String path, JsonNode older, JsonNode newer, List<String> problems) {
		for (String keyword : TYPE_KEYWORDS) {
			if (older.has(keyword) && !Objects.equals(older.get(keyword), newer.get(keyword))) {
				problems.add(path + ": retyped (" + keyword + " " + older.get(keyword) + " became "
						+ (newer.has(keyword) ? newer.get(keyword) : "absent") + ")");
			}
		}
		if (older.has("enum")) {
			Set<JsonNode> kept = new HashSet<>();
			newer.path("enum").forEach(kept::add);
			older.path("enum").forEach(value -> {
				if (!kept.contains(value)) {
					problems.add(path + ": enum value " + value + " removed");
				}
			});
		}
		Set<String> olderRequired = new HashSet<>();
		older.path("required").forEach(name -> olderRequired.add(name.asString()));
		newer.path("required").forEach(name -> {
			if (!olderRequired.contains(name.asString())) {
				problems.add(path + "." + name.asString() + ": newly required");
			}
		});
		older.path("properties").propertyNames().forEach(name -> {
			JsonNode newerProperty = newer.path("properties").path(name);
			if (newerProperty.isMissingNode()) {
				problems.add(path + "." + name + ": removed");
			}
			else {
				compare(path + "." + name, older.path("properties").path(name), newerProperty, problems);
			}
		});
		if (older.has("items")) {
			compare(path + "[]", older.path("items"), newer.path("items"), problems);
		}
	}
}
