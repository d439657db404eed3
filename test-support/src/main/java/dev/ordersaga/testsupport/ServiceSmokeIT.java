package dev.ordersaga.testsupport;

import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.annotation.DirtiesContext;

import dev.ordersaga.client.ServiceClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service must do on real infrastructure: start, migrate its own schema as its own role,
 * reach Kafka, report itself ready on its own port, and keep the actuator and the admin API on the
 * management port, for operators only; and document every endpoint of its REST API in its OpenAPI
 * document. A service's smoke test extends this class, in the service's root package, and adds nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@DirtiesContext
public abstract class ServiceSmokeIT {

	@Autowired
	private DataSource dataSource;

	@Autowired
	private KafkaAdmin kafkaAdmin;

	@Autowired
	private Environment environment;

	@Autowired
	private ApplicationContext context;

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	@Test
	void startsOnRealInfrastructureWithItsSchemaMigratedAndHealthUp() throws Exception {
		String role = environment.getRequiredProperty("spring.application.name").replace('-', '_');
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);

		assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(role);
		assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo(role);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM " + role + ".flyway_schema_history "
				+ "WHERE version = '1' AND success", Integer.class)).isEqualTo(1);
		assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
				String.class, role)).contains("outbox_event", "inbox_event", "messaging_schema_history");

		try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
			assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).isNotEmpty();
		}

		assertThat(ServiceClient.onPort(port).get("/readyz").statusCode()).as("readiness on the API's port")
			.isEqualTo(200);
		HttpResponse<String> health = ServiceClient.onPort(managementPort).get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		ServiceClient operator = ServiceClient.onPort(managementPort).as(TestInfrastructure.get().auth().operator());
		assertThat(ServiceClient.onPort(managementPort).get("/actuator/prometheus").statusCode())
			.as("metrics without a token").isEqualTo(401);
		HttpResponse<String> metrics = operator.get("/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("outbox_pending{application=\""
				+ environment.getRequiredProperty("spring.application.name") + "\"");
		assertThat(operator.get("/admin/messaging/status").statusCode()).as("the admin API on the management port")
			.isEqualTo(200);
		ServiceClient operatorOnTheApiPort = ServiceClient.onPort(port).as(TestInfrastructure.get().auth().operator());
		assertThat(operatorOnTheApiPort.get("/actuator/prometheus").statusCode()).as("no metrics on the API's port")
			.isEqualTo(404);
		assertThat(operatorOnTheApiPort.get("/admin/messaging/status").statusCode()).as("no admin API on the API's port")
			.isEqualTo(404);
	}

	@Test
	void documentsEveryEndpointForAnyoneToRead() {
		ServiceClient anonymous = ServiceClient.onPort(port);
		HttpResponse<String> openApi = anonymous.get("/v3/api-docs");
		assertThat(openApi.statusCode()).as("the OpenAPI document without a token").isEqualTo(200);
		Set<String> endpoints = OpenApiCoverage.endpoints(context, getClass().getPackageName());
		assertThat(endpoints).as("the service's own endpoints").isNotEmpty();
		assertThat(OpenApiCoverage.undocumented(endpoints, openApi.body()))
			.as("endpoints missing from /v3/api-docs (every @RequestMapping of the service's controllers must be documented)")
			.isEmpty();
		assertThat(OpenApiCoverage.withoutSuccessfulAnswer(openApi.body())).as("operations without a successful answer")
			.isEmpty();
		assertThat(openApi.body()).contains("\"bearer\"", "application/problem+json");

		assertThat(anonymous.get("/swagger-ui/index.html").statusCode()).as("Swagger UI").isEqualTo(200);
		HttpResponse<String> page = anonymous.get("/asyncapi");
		assertThat(page.statusCode()).as("the event catalogue's page").isEqualTo(200);
		assertThat(page.body()).contains("asyncapi.json");
		assertThat(anonymous.get("/asyncapi.yaml").body()).startsWith("#").contains("asyncapi: 3.0.0");
		assertThat(anonymous.get("/asyncapi.json").body()).contains("\"address\":\"orders.v1\"", "\"x-definition\":\"uuid\"");
	}
}
