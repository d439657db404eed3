package dev.ordersaga.endtoend;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus and Grafana in docker-compose.yml, held to the services and auth-server as
 * {@link DockerComposeConsistencyTest} holds the services: every management port scraped with an
 * operator's token, the rules and the dashboard loaded where compose mounts them. That every metric they
 * read exists is OrderSagaIT's job, on the running services.
 */
class MonitoringConfigurationTest {

	static final JsonNode COMPOSE = DockerComposeConsistencyTest.COMPOSE;

	static final JsonNode AUTH_CONFIG = DockerComposeConsistencyTest.AUTH_CONFIG;

	@Test
	void prometheusScrapesEveryServicesManagementPortWithAnOperatorsToken() throws Exception {
		JsonNode scrape = Monitoring.prometheus().path("scrape_configs").get(0);
		List<String> expected = new ArrayList<>();
		for (Class<?> application : DockerComposeConsistencyTest.services()) {
			JsonNode config = applicationYml(application);
			expected.add(config.path("spring").path("application").path("name").asString() + ":"
					+ config.path("management").path("server").path("port").asInt());
			assertThat(config.path("management").path("endpoints").path("web").path("exposure").path("include").asString())
				.contains("prometheus");
		}
		List<String> targets = new ArrayList<>();
		scrape.path("static_configs").get(0).path("targets").forEach(target -> targets.add(target.asString()));
		assertThat(targets).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(scrape.path("metrics_path").asString()).isEqualTo("/actuator/prometheus");

		JsonNode operator = AUTH_CONFIG.path("spring").path("security").path("oauth2").path("authorizationserver")
			.path("client").path("operator").path("registration");
		JsonNode oauth2 = scrape.path("oauth2");
		assertThat(oauth2.path("client_id").asString()).isEqualTo(operator.path("client-id").asString());
		assertThat(oauth2.path("scopes").get(0).asString()).isEqualTo(operator.path("scopes").asString()).isEqualTo("operator");
		assertThat(operator.path("authorization-grant-types").asString()).isEqualTo("client_credentials");
		assertThat(oauth2.path("token_url").asString())
			.isEqualTo("http://auth-server:" + AUTH_CONFIG.path("server").path("port").asInt() + "/oauth2/token");
		assertThat(oauth2.path("client_secret_file").asString()).isEqualTo("/run/secrets/operator_client");
		assertThat(oauth2.has("client_secret")).as("no secret written down").isFalse();

		JsonNode prometheus = COMPOSE.path("services").path("prometheus");
		assertThat(prometheus.path("image").asString()).startsWith("prom/prometheus:");
		assertThat(prometheus.path("secrets").toString()).isEqualTo("[\"operator_client\"]");
		assertThat(prometheus.path("volumes").toString()).contains(
				"./docker/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
				"./docker/prometheus/rules.yml:/etc/prometheus/rules.yml:ro");
		assertThat(Monitoring.prometheus().path("rule_files").get(0).asString()).isEqualTo("/etc/prometheus/rules.yml");
		assertThat(prometheus.path("depends_on").path("auth-server").path("condition").asString())
			.isEqualTo("service_healthy");
		assertThat(prometheus.path("ports").toString()).as("on loopback only").isEqualTo("[\"127.0.0.1:9090:9090\"]");
	}

	@Test
	void alertRulesWatchTheOutboxDeadLettersConsumerLagAndTheSagasLatency() {
		JsonNode groups = Monitoring.rules().path("groups");
		Set<String> alerts = new HashSet<>();
		for (JsonNode group : groups) {
			for (JsonNode rule : group.path("rules")) {
				assertThat(rule.path("alert").asString()).as("every rule is an alert").isNotBlank();
				assertThat(rule.path("expr").asString()).as(rule.path("alert").asString()).isNotBlank();
				assertThat(rule.path("annotations").path("summary").asString()).as(rule.path("alert").asString())
					.isNotBlank();
				assertThat(alerts.add(rule.path("alert").asString())).as("alert names are unique").isTrue();
			}
		}
		assertThat(Monitoring.ruleExpressions()).anySatisfy(expr -> assertThat(expr).contains("outbox_oldest_pending_age_seconds"))
			.anySatisfy(expr -> assertThat(expr).contains("increase(inbox_dead_lettered_total"))
			.anySatisfy(expr -> assertThat(expr).contains("messaging_consumer_lag"))
			.anySatisfy(expr -> assertThat(expr).contains("histogram_quantile(0.99", "orders_saga_duration_seconds_bucket"));
	}

	@Test
	void grafanaLoadsTheDashboardOnThePrometheusDatasource() {
		JsonNode datasource = Monitoring.yaml(Monitoring.DATASOURCES).path("datasources").get(0);
		assertThat(datasource.path("type").asString()).isEqualTo("prometheus");
		assertThat(datasource.path("url").asString()).isEqualTo("http://prometheus:9090");
		String uid = datasource.path("uid").asString();

		JsonNode grafana = COMPOSE.path("services").path("grafana");
		assertThat(grafana.path("image").asString()).startsWith("grafana/grafana:");
		String dashboards = Monitoring.yaml(Monitoring.DASHBOARD_PROVIDERS).path("providers").get(0).path("options")
			.path("path").asString();
		assertThat(grafana.path("volumes").toString()).contains(
				"./docker/grafana/provisioning:/etc/grafana/provisioning:ro",
				"./docker/grafana/dashboards:" + dashboards + ":ro");
		assertThat(grafana.path("environment").path("GF_SECURITY_ADMIN_PASSWORD__FILE").asString())
			.isEqualTo("/run/secrets/grafana_admin");
		assertThat(grafana.path("secrets").toString()).isEqualTo("[\"grafana_admin\"]");
		assertThat(COMPOSE.path("secrets").path("grafana_admin").path("file").asString())
			.isEqualTo("./docker/secrets/grafana_admin");
		assertThat(grafana.path("ports").toString()).as("on loopback only").isEqualTo("[\"127.0.0.1:3000:3000\"]");

		JsonNode dashboard = Monitoring.dashboard();
		assertThat(dashboard.path("uid").asString()).isNotBlank();
		Set<Integer> ids = new HashSet<>();
		List<String> titles = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique").isTrue();
			titles.add(panel.path("title").asString());
			if (!panel.path("type").asString().equals("row")) {
				assertThat(panel.path("datasource").path("uid").asString()).as(panel.path("title").asString())
					.isEqualTo(uid);
				assertThat(panel.path("targets")).as(panel.path("title").asString()).isNotEmpty();
			}
		}
		assertThat(titles).contains("Orders per second", "Placed to outcome", "Outbox backlog",
				"Oldest unpublished event", "Consumer lag", "Dead-lettered events", "Parked outbox rows", "Heap used");
	}

	@Test
	void findsTheMetricsAnExpressionReadsAndNothingElse() {
		assertThat(Monitoring.metricNames("histogram_quantile(0.99, sum by (le, outcome) "
				+ "(rate(orders_saga_duration_seconds_bucket{application=~\"$application\", le!=\"+Inf\"}[$__rate_interval])))"))
			.containsExactly("orders_saga_duration_seconds_bucket");
		assertThat(Monitoring.metricNames("sum(rate(outbox_relayed_total[5m])) / on (application) group_left "
				+ "sum without (instance) (outbox_pending offset 1h) > bool 1e3 and up == 0"))
			.containsExactly("outbox_pending", "outbox_relayed_total", "up");
		assertThat(Monitoring.metricsUsed()).contains("orders_placed_total", "mails_failed_total", "outbox_pending",
				"messaging_consumer_lag", "jvm_memory_used_bytes")
			.allSatisfy(name -> assertThat(name).matches("[a-z_:]+"));
	}

	private static JsonNode applicationYml(Class<?> application) throws Exception {
		URL base = application.getProtectionDomain().getCodeSource().getLocation();
		URL config = new URL(base.toString().endsWith(".jar") ? "jar:" + base + "!/application.yml"
				: base + "application.yml");
		try (InputStream in = config.openStream()) {
			return DockerComposeConsistencyTest.YAML.readTree(in);
		}
	}
}
