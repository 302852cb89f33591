/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the apps find Consul in each overlay: the development overlay's own server, or in
 * production the Helm chart's client agent on the pod's node, with ACLs and a token per
 * app.
 */
class ConsulOnKubernetesTests {

	@Test
	void devAppsUseTheOverlaysOwnSingleConsulServer() {
		Manifests dev = Manifests.of("dev");
		Map<String, Object> consul = dev.named("StatefulSet", "consul");
		Map<String, Object> container = Manifests.appContainer(consul);
		assertThat(Yaml.stringAt(container, "image")).startsWith("hashicorp/consul:1.22.");
		assertThat(Yaml.at(consul, "spec", "replicas")).isEqualTo(1);
		assertThat(Yaml.listAt(container, "args")).contains("agent", "-server", "-bootstrap-expect=1");
		assertThat(Yaml.listAt(dev.named("Service", "consul"), "spec", "ports"))
			.anySatisfy((port) -> assertThat(Yaml.at(port, "port")).isEqualTo(8500));
		for (Map<String, Object> app : dev.apps()) {
			assertThat(Manifests.envValues(Manifests.appContainer(app))).as(Manifests.name(app))
				.containsEntry("SPRING_CLOUD_CONSUL_HOST", "consul")
				.doesNotContainKey("SPRING_CLOUD_CONSUL_TOKEN");
		}
	}

	@Test
	void prodAppsTalkToTheAgentOnTheirNodeWithATokenOfTheirOwn() {
		Manifests prod = Manifests.of("prod");
		assertThat(prod.workloads()).as("prod runs no Consul of its own (the Helm chart does)")
			.noneSatisfy((workload) -> assertThat(Yaml.stringAt(Manifests.appContainer(workload), "image"))
				.contains("consul"));
		for (Map<String, Object> app : prod.apps()) {
			Map<String, Map<String, Object>> env = Manifests.env(Manifests.appContainer(app));
			assertThat(Yaml.stringAt(env.get("SPRING_CLOUD_CONSUL_HOST"), "valueFrom", "fieldRef", "fieldPath"))
				.as(Manifests.name(app))
				.isEqualTo("status.hostIP");
			assertThat(Yaml.stringAt(env.get("SPRING_CLOUD_CONSUL_TOKEN"), "valueFrom", "secretKeyRef", "name"))
				.as(Manifests.name(app))
				.isEqualTo("junction-consul-tokens");
			String tokenKey = Yaml.stringAt(env.get("SPRING_CLOUD_CONSUL_TOKEN"), "valueFrom", "secretKeyRef", "key");
			assertThat(Manifests.podLabels(app).get("app.kubernetes.io/name")).isEqualTo(tokenKey);
			assertThat(ComposeFile.root().resolve("k8s/prod/consul-acl/" + tokenKey + ".hcl"))
				.as("the ACL policy of the %s token", tokenKey)
				.isRegularFile();
		}
	}

	@Test
	void prodConsulComesFromTheHelmChartWithClientAgentsOnEveryNodeAndAcls() {
		Map<String, Object> values = Yaml.document(ComposeFile.read("k8s/prod/consul-values.yaml"));
		assertThat(Yaml.stringAt(values, "global", "image")).startsWith("hashicorp/consul:1.22.");
		assertThat(Images.isPinned(Yaml.stringAt(values, "global", "image"))).isTrue();
		assertThat(Yaml.at(values, "global", "acls", "manageSystemACLs")).isEqualTo(true);
		assertThat(Yaml.at(values, "client", "enabled")).as("client agents (the apps register through them)")
			.isEqualTo(true);
		assertThat(Yaml.at(values, "global", "tls", "httpsOnly")).as("the apps use the agent's HTTP port 8500")
			.isEqualTo(false);
		assertThat((Integer) Yaml.at(values, "server", "replicas")).isGreaterThanOrEqualTo(3);
		assertThat(Yaml.at(values, "connectInject", "enabled")).isEqualTo(false);
	}

	@Test
	void consulCanRunEachServicesReadinessCheckInBothOverlays() {
		Map<String, Map<String, Object>> checkers = Map.of("dev",
				Map.of("podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "consul"))), "prod",
				Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "consul")),
						"podSelector", Map.of("matchLabels", Map.of("app", "consul", "component", "client"))));
		checkers.forEach((overlay, checker) -> {
			Manifests manifests = Manifests.of(overlay);
			for (Map<String, Object> app : manifests.apps()) {
				if (!"service".equals(Manifests.component(app))) {
					continue;
				}
				assertThat(manifests.ofKind("NetworkPolicy"))
					.as("%s: a policy admitting Consul's check into %s", overlay, Manifests.name(app))
					.filteredOn(
							(p) -> Selectors.matches(Yaml.mapAt(p, "spec", "podSelector"), Manifests.podLabels(app)))
					.flatMap((p) -> Yaml.listAt(p, "spec", "ingress"))
					.anySatisfy((rule) -> {
						assertThat(Yaml.listAt(rule, "from")).contains(checker);
						assertThat(Yaml.listAt(rule, "ports")).contains(Map.of("port", "http"));
					});
			}
		});
	}

}
