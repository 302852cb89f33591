/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observability profile's provisioning: the dashboard is valid, compares the versions
 * of each service, and queries only metric names from the documented list
 * ({@code docker/grafana/dashboard-metrics.txt}); Prometheus scrapes every app. That the
 * apps really publish those names is for a live scrape to prove (not done here).
 */
class DashboardTests {

	private static final String DASHBOARD = "docker/grafana/dashboards/junction.json";

	/**
	 * management.metrics.distribution.percentiles-histogram.http.server.requests as an
	 * environment variable (checked against a running sample-user-service).
	 */
	private static final String HISTOGRAM = "MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILESHISTOGRAM_HTTP_SERVER_REQUESTS";

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");

	private final Map<String, Object> dashboard = Yaml.document(ComposeFile.read(DASHBOARD));

	@Test
	void theDashboardIsValidAndEveryPanelQueriesTheProvisionedPrometheus() {
		Map<String, Object> datasources = Yaml
			.document(ComposeFile.read("docker/grafana/provisioning/datasources/prometheus.yml"));
		Object uid = Yaml.at(Yaml.listAt(datasources, "datasources").get(0), "uid");
		assertThat(this.dashboard).containsKeys("uid", "title", "panels", "schemaVersion");
		assertThat(panels()).hasSizeGreaterThanOrEqualTo(6).allSatisfy((panel) -> {
			assertThat(Yaml.at(panel, "datasource", "uid")).as(Yaml.stringAt(panel, "title")).isEqualTo(uid);
			assertThat(Yaml.listAt(panel, "targets")).isNotEmpty()
				.allSatisfy((target) -> assertThat(Yaml.stringAt(target, "expr")).isNotBlank());
		});
	}

	@Test
	void everyTrafficPanelComparesTheVersionsOfEachService() {
		// the rollout panels show one weight and one phase per service: the versions are
		// the rollout's subject, not a dimension of its figures
		assertThat(expressions()).allSatisfy((expr) -> assertThat(expr)
			.contains(expr.contains("junction_rollout_") ? "by (service" : "by (service, version"));
		assertThat(expressions()).filteredOn((expr) -> !expr.contains("junction_rollout_"))
			.hasSizeGreaterThanOrEqualTo(6);
	}

	@Test
	void everyMetricTheDashboardQueriesIsInTheDocumentedList() {
		Set<String> documented = new LinkedHashSet<>();
		for (String line : ComposeFile.read("docker/grafana/dashboard-metrics.txt").split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				documented.add(line.trim());
			}
		}
		Set<String> queried = new LinkedHashSet<>();
		expressions().forEach((expr) -> queried.addAll(PromQl.metricNames(expr)));
		for (Object variable : Yaml.listAt(this.dashboard, "templating", "list")) {
			Matcher matcher = LABEL_VALUES.matcher(Yaml.stringAt(variable, "query", "query"));
			assertThat(matcher.matches()).as("variable query %s", Yaml.stringAt(variable, "name")).isTrue();
			queried.addAll(PromQl.metricNames(matcher.group(1)));
		}
		assertThat(queried).as("metric names queried by " + DASHBOARD).isNotEmpty();
		assertThat(documented).containsAll(queried);
	}

	@Test
	void prometheusScrapesEveryAppOnItsManagementPort() {
		Map<String, Object> prometheus = Yaml.document(ComposeFile.read("docker/prometheus/prometheus.yml"));
		Set<String> targets = new LinkedHashSet<>();
		for (Object job : Yaml.listAt(prometheus, "scrape_configs")) {
			assertThat(Yaml.stringAt(job, "metrics_path")).isEqualTo("/actuator/prometheus");
			Yaml.listAt(job, "static_configs")
				.forEach((config) -> Yaml.listAt(config, "targets").forEach((t) -> targets.add(t.toString())));
		}
		assertThat(targets).containsExactlyInAnyOrder("gateway:9080", "user-service-v1:9081", "user-service-v2:9082",
				"order-service:9083");
		ComposeFile compose = ComposeFile.render();
		assertThat(compose.apps().keySet()).containsExactlyInAnyOrder("gateway", "user-service-v1", "user-service-v2",
				"order-service");
		compose.apps().forEach((name, app) -> {
			Map<String, String> environment = ComposeFile.environment(app);
			assertThat(environment.get("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE"))
				.as("%s exposes /actuator/prometheus", name)
				.contains("prometheus");
			if (!"gateway".equals(name)) {
				// the p95 panel reads http_server_requests_seconds_bucket
				assertThat(environment).as("%s publishes latency histograms", name).containsEntry(HISTOGRAM, "true");
			}
		});
	}

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void kubernetesAppsPublishWhatTheDashboardReads(String overlay) {
		for (Map<String, Object> app : Manifests.of(overlay).apps()) {
			Map<String, String> environment = Manifests.envValues(Manifests.appContainer(app));
			assertThat(environment.get("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE")).as(Manifests.name(app))
				.contains("prometheus");
			if ("service".equals(Manifests.component(app))) {
				assertThat(environment).as(Manifests.name(app)).containsEntry(HISTOGRAM, "true");
			}
		}
	}

	@Test
	void grafanaLoadsTheDashboardsFromTheFolderComposeMounts() {
		Map<String, Object> providers = Yaml
			.document(ComposeFile.read("docker/grafana/provisioning/dashboards/junction.yml"));
		String path = Yaml.stringAt(Yaml.listAt(providers, "providers").get(0), "options", "path");
		assertThat(ComposeFile.source()).contains("./docker/grafana/dashboards:" + path + ":ro");
	}

	private List<Map<String, Object>> panels() {
		List<Map<String, Object>> panels = new ArrayList<>();
		for (Object panel : Yaml.listAt(this.dashboard, "panels")) {
			if (!"row".equals(Yaml.stringAt(panel, "type"))) {
				panels.add(Yaml.map(panel));
			}
		}
		return panels;
	}

	private List<String> expressions() {
		List<String> expressions = new ArrayList<>();
		panels().forEach((panel) -> Yaml.listAt(panel, "targets")
			.forEach((target) -> expressions.add(Yaml.stringAt(target, "expr"))));
		return expressions;
	}

}
