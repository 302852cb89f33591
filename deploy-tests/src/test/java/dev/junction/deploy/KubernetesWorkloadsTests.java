/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every workload of every kustomize overlay, as {@code kubectl kustomize} (kubectl 1.20)
 * renders it: probes, resources, hardening, pinned images, shutdown timing, disruption
 * budgets, autoscalers and zone spread.
 */
class KubernetesWorkloadsTests {

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void everyWorkloadHasProbesAndResourceRequestsAndLimits(String overlay) {
		Manifests manifests = Manifests.of(overlay);
		assertThat(manifests.workloads()).isNotEmpty();
		for (Map<String, Object> workload : manifests.workloads()) {
			for (Map<String, Object> container : Manifests.containers(workload)) {
				String what = Manifests.name(workload) + "/" + container.get("name");
				assertThat(container).as(what).containsKeys("livenessProbe", "readinessProbe");
				for (String kind : List.of("requests", "limits")) {
					assertThat(Yaml.mapAt(container, "resources", kind)).as("%s resources.%s", what, kind)
						.containsKeys("cpu", "memory");
				}
			}
		}
	}

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void appsProbeLivezAndReadyzOnTheirProbePort(String overlay) {
		List<Map<String, Object>> apps = Manifests.of(overlay).apps();
		assertThat(apps).extracting(Manifests::name)
			.containsExactlyInAnyOrder("junction-gateway", "sample-user-service-v1", "sample-user-service-v2",
					"sample-order-service");
		Map<String, Integer> probePorts = Map.of("junction-gateway", 9080, "sample-user-service-v1", 8081,
				"sample-user-service-v2", 8082, "sample-order-service", 8083);
		for (Map<String, Object> app : apps) {
			Map<String, Object> container = Manifests.appContainer(app);
			Map<String, String> paths = Map.of("startupProbe", "/livez", "livenessProbe", "/livez", "readinessProbe",
					"/readyz");
			paths.forEach((probe, path) -> {
				String what = Manifests.name(app) + " " + probe;
				assertThat(Yaml.stringAt(container, probe, "httpGet", "path")).as(what).isEqualTo(path);
				assertThat(Manifests.containerPort(container, Yaml.at(container, probe, "httpGet", "port"))).as(what)
					.isEqualTo(probePorts.get(Manifests.name(app)));
			});
		}
	}

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void everyPodRunsAsNonRootWithAReadOnlyRootFilesystemAndNoCapabilities(String overlay) {
		for (Map<String, Object> workload : Manifests.of(overlay).workloads()) {
			Map<String, Object> pod = Manifests.podSpec(workload);
			assertThat(Yaml.at(pod, "securityContext", "runAsNonRoot")).as(Manifests.name(workload)).isEqualTo(true);
			assertThat(Yaml.at(pod, "automountServiceAccountToken")).as(Manifests.name(workload)).isEqualTo(false);
			for (Map<String, Object> container : Manifests.containers(workload)) {
				Map<String, Object> security = Yaml.mapAt(container, "securityContext");
				String what = Manifests.name(workload) + "/" + container.get("name");
				assertThat(security).as(what)
					.containsEntry("allowPrivilegeEscalation", false)
					.containsEntry("readOnlyRootFilesystem", true)
					.containsEntry("runAsNonRoot", true);
				assertThat(Yaml.listAt(security, "capabilities", "drop")).as(what).containsExactly("ALL");
				assertThat(Yaml.listAt(security, "capabilities", "add")).as(what).isEmpty();
			}
		}
		for (Map<String, Object> app : Manifests.of(overlay).apps()) {
			assertThat(Yaml.listAt(Manifests.appContainer(app), "volumeMounts"))
				.as("%s has a writable /tmp", Manifests.name(app))
				.anySatisfy((mount) -> assertThat(Yaml.stringAt(mount, "mountPath")).isEqualTo("/tmp"));
		}
	}

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void everyImageIsPinnedToAVersion(String overlay) {
		for (Map<String, Object> workload : Manifests.of(overlay).workloads()) {
			for (Map<String, Object> container : Manifests.containers(workload)) {
				String image = Yaml.stringAt(container, "image");
				assertThat(Images.isPinned(image)).as("%s: %s", Manifests.name(workload), image).isTrue();
			}
		}
	}

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void appsGetTheirWholeShutdownWithinTheGracePeriod(String overlay) {
		for (Map<String, Object> app : Manifests.of(overlay).apps()) {
			Map<String, Object> container = Manifests.appContainer(app);
			List<Object> preStop = Yaml.listAt(container, "lifecycle", "preStop", "exec", "command");
			assertThat(preStop).as("%s preStop", Manifests.name(app)).hasSize(2).first().isEqualTo("sleep");
			Duration sleep = Duration.ofSeconds(Long.parseLong(preStop.get(1).toString()));
			Duration needed = sleep.plus(StarterShutdown.longest(Manifests.envValues(container)));
			Object grace = Yaml.at(Manifests.podSpec(app), "terminationGracePeriodSeconds");
			assertThat(Duration.ofSeconds(((Number) grace).longValue()))
				.as("%s terminationGracePeriodSeconds (preStop + drain delay + graceful shutdown = %s)",
						Manifests.name(app), needed)
				.isGreaterThan(needed);
		}
	}

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void everyAppHasADisruptionBudgetAndAnAutoscalerThatOwnsTheReplicaCount(String overlay) {
		Manifests manifests = Manifests.of(overlay);
		for (Map<String, Object> app : manifests.apps()) {
			String name = Manifests.name(app);
			Map<String, Object> labels = Manifests.podLabels(app);
			assertThat(manifests.ofKind("PodDisruptionBudget")).as("%s PodDisruptionBudget", name)
				.filteredOn((pdb) -> Selectors.matches(Yaml.mapAt(pdb, "spec", "selector"), labels))
				.singleElement()
				.satisfies((pdb) -> assertThat(Yaml.mapAt(pdb, "spec")).containsKey("maxUnavailable"));
			assertThat(manifests.ofKind("HorizontalPodAutoscaler")).as("%s HorizontalPodAutoscaler", name)
				.filteredOn((hpa) -> name.equals(Yaml.stringAt(hpa, "spec", "scaleTargetRef", "name")))
				.singleElement()
				.satisfies((hpa) -> {
					assertThat(hpa.get("apiVersion")).isEqualTo("autoscaling/v2");
					assertThat((Integer) Yaml.at(hpa, "spec", "maxReplicas"))
						.isGreaterThan((Integer) Yaml.at(hpa, "spec", "minReplicas"));
				});
			assertThat(Yaml.mapAt(app, "spec")).as("%s leaves replicas to its autoscaler", name)
				.doesNotContainKey("replicas");
		}
	}

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void appsSpreadAcrossZonesAndLearnTheirZoneFromTheNode(String overlay) {
		for (Map<String, Object> app : Manifests.of(overlay).apps()) {
			String name = Manifests.name(app);
			assertThat(Yaml.listAt(Manifests.podSpec(app), "topologySpreadConstraints")).as(name)
				.filteredOn((c) -> "topology.kubernetes.io/zone".equals(Yaml.stringAt(c, "topologyKey")))
				.singleElement()
				.satisfies((zone) -> {
					assertThat(Selectors.matches(Yaml.mapAt(zone, "labelSelector"), Manifests.podLabels(app))).isTrue();
					assertThat(Yaml.at(zone, "maxSkew")).isEqualTo(1);
					assertThat(Yaml.stringAt(zone, "whenUnsatisfiable"))
						.isEqualTo("prod".equals(overlay) ? "DoNotSchedule" : "ScheduleAnyway");
				});
			assertThat(Yaml.stringAt(Manifests.env(Manifests.appContainer(app)).get("JUNCTION_INSTANCE_ZONE"),
					"valueFrom", "fieldRef", "fieldPath"))
				.as("%s JUNCTION_INSTANCE_ZONE", name)
				.isEqualTo("metadata.labels['topology.kubernetes.io/zone']");
		}
	}

}
