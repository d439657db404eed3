package dev.ordersaga.contracts;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration for events, used by producers and consumers alike (Jackson 3, as
 * Spring Boot 4 brings it): amounts are decimal strings ({@code "12.30"}, scale kept, never a
 * floating point number), instants ISO-8601 UTC strings, unknown properties ignored (tolerant
 * reader), nulls left out.
 */
public final class EventJson {

	private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

	private EventJson() {
	}

	/** @return the shared, immutable mapper */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/**
	 * Applies the event settings to a builder, e.g. one Spring Boot is about to build.
	 * @param builder the builder, must not be {@literal null}
	 * @return the same builder
	 */
	public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
		return builder.withConfigOverride(BigDecimal.class,
				override -> override.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING)))
			.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL));
	}
}
