package dev.ordersaga.testsupport;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiCoverageTest {

	private static final String DOCUMENT = """
			{"openapi": "3.1.0", "paths": {
				"/api/orders": {"get": {}, "post": {}},
				"/api/orders/{orderId}": {"get": {}}
			}}""";

	@Test
	void findsNothingMissingWhenEveryEndpointIsDocumented() {
		assertThat(OpenApiCoverage.undocumented(Set.of("GET /api/orders", "POST /api/orders", "GET /api/orders/{orderId}"),
				DOCUMENT)).isEmpty();
	}

	@Test
	void listsEndpointsTheDocumentLeavesOut() {
		assertThat(OpenApiCoverage.undocumented(
				Set.of("GET /api/orders", "POST /api/orders/{orderId}/cancel", "DELETE /api/orders/{orderId}"), DOCUMENT))
			.containsExactly("DELETE /api/orders/{orderId}", "POST /api/orders/{orderId}/cancel");
	}

	@Test
	void listsOperationsThatDocumentNoSuccessfulAnswer() {
		String document = """
				{"paths": {
					"/api/orders": {"post": {"responses": {"202": {"content": {"application/json": {}}}}}},
					"/api/orders/{orderId}": {"get": {"responses": {"404": {"content": {"application/problem+json": {}}}}}},
					"/api/orders/{orderId}/cancel": {"post": {"responses": {"200": {"description": "OK"}}}}
				}}""";

		assertThat(OpenApiCoverage.withoutSuccessfulAnswer(document))
			.containsExactly("GET /api/orders/{orderId}", "POST /api/orders/{orderId}/cancel");
	}
}
