package dev.ordersaga.messaging;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanReporter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordersaga.messaging.testapp.MessagingTestApplication;
import dev.ordersaga.testsupport.RealInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request's trace and correlation id reach the handler of the event it caused, through the
 * outbox row, the relay and the Kafka headers, and its log lines: structured (ECS JSON, as
 * {@code ./suite} runs the services) with the trace, the correlation, the event and the order. The
 * relay publishes in a span of its own, a child of the request's, and the handler's span is a child
 * of the publish.
 */
@SpringBootTest(classes = MessagingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "logging.structured.format.console=ecs")
@RealInfrastructure
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@Import(TracePropagationIT.CapturedSpans.class)
class TracePropagationIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	@Autowired
	CapturedSpans spans;

	@Test
	void traceparentAndCorrelationIdOfARequestReachTheDownstreamHandler(CapturedOutput output) throws Exception {
		UUID orderId = UUID.randomUUID();
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String correlationId = "checkout-" + orderId;

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/test/orders/" + orderId + "/payment"))
				.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
				.header(MessagingContext.CORRELATION_HEADER, correlationId)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		UUID eventId = UUID.fromString(response.body().replace("\"", ""));

		await().until(() -> jdbc.queryForObject("SELECT count(*) FROM handled_payment WHERE order_id = ?",
				Integer.class, orderId) == 1);
		Map<String, Object> handled = jdbc.queryForMap(
				"SELECT trace_id, correlation_id, causation_id FROM handled_payment WHERE order_id = ?", orderId);
		assertThat(handled).containsEntry("trace_id", traceId)
			.containsEntry("correlation_id", correlationId)
			.containsEntry("causation_id", eventId);
		assertThat(jdbc.queryForObject("SELECT traceparent FROM outbox_event WHERE event_id = ?", String.class,
				eventId)).startsWith("00-" + traceId + "-");

		String handlerLine = await().until(() -> output.getOut()
			.lines()
			.filter(line -> line.startsWith("{") && line.contains("Confirmed order " + orderId))
			.findFirst(), line -> line.isPresent())
			.orElseThrow();
		JsonNode logged = JSON.readTree(handlerLine);
		assertThat(logged.path("correlationId").asString()).isEqualTo(correlationId);
		assertThat(logged.path("eventId").asString()).isEqualTo(eventId.toString());
		assertThat(logged.path("orderId").asString()).isEqualTo(orderId.toString());
		assertThat(logged.path("traceId").asString()).isEqualTo(traceId);
	}

	@Test
	void relayPublishesInAChildSpanOfTheRequestAndTheHandlerRunsInAChildSpanOfThePublish() throws Exception {
		UUID orderId = UUID.randomUUID();
		String traceId = UUID.randomUUID().toString().replace("-", "");

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/test/orders/" + orderId + "/payment"))
				.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		UUID eventId = UUID.fromString(response.body().replace("\"", ""));

		String requestSpanId = jdbc.queryForObject("SELECT traceparent FROM outbox_event WHERE event_id = ?",
				String.class, eventId).split("-")[2];
		FinishedSpan publish = await().until(() -> spans.named(traceId, "payments.v1 publish"), Optional::isPresent)
			.orElseThrow();
		assertThat(publish.getParentId()).as("the publish's parent: the request's span").isEqualTo(requestSpanId);
		assertThat(publish.getKind()).isEqualTo(Span.Kind.PRODUCER);
		assertThat(publish.getRemoteServiceName()).isEqualTo("Apache Kafka");
		assertThat(publish.getTags()).containsEntry("messaging.message.id", eventId.toString())
			.containsEntry("messaging.destination.name", "payments.v1");
		List<FinishedSpan> handlers = await().until(() -> spans.of(traceId, Span.Kind.CONSUMER),
				consumed -> !consumed.isEmpty());
		assertThat(handlers).extracting(FinishedSpan::getParentId)
			.as("the handler's parent: the publish")
			.containsExactly(publish.getSpanId());
	}

	/** Every span the application finishes, as a span exporter gets it. */
	@TestConfiguration(proxyBeanMethods = false)
	static class CapturedSpans implements SpanReporter {

		private final List<FinishedSpan> finished = new CopyOnWriteArrayList<>();

		@Override
		public void report(FinishedSpan span) {
			finished.add(span);
		}

		Optional<FinishedSpan> named(String traceId, String name) {
			return finished.stream().filter(span -> span.getTraceId().equals(traceId) && span.getName().equals(name))
				.findFirst();
		}

		List<FinishedSpan> of(String traceId, Span.Kind kind) {
			return finished.stream().filter(span -> span.getTraceId().equals(traceId) && span.getKind() == kind)
				.toList();
		}
	}
}
