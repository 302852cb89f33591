/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every kustomize overlay lets in and what it keeps secret: only the gateway is
 * reachable from outside, everything else only from its clients, and credentials come
 * only from Secrets that are never in the repository.
 */
class KubernetesExposureTests {

	/** Environment variable names that hold a secret or name a broker user. */
	private static final Pattern CREDENTIAL = Pattern
		.compile(".*(PASSWORD|_PASS|TOKEN|SECRET|AUTH|RABBITMQ_USERNAME|_DEFAULT_USER)$");

	@Test
	void everyOverlayIsCheckedHere() throws IOException {
		try (Stream<Path> folders = Files.list(ComposeFile.root().resolve("k8s"))) {
			assertThat(folders.filter(Files::isDirectory).map((folder) -> folder.getFileName().toString()))
				.containsExactlyInAnyOrder(
						Stream.concat(Stream.of("base"), Manifests.OVERLAYS.stream()).toArray(String[]::new));
		}
	}

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void onlyTheGatewayServiceIsReachableFromOutsideTheCluster(String overlay) {
		Manifests manifests = Manifests.of(overlay);
		assertThat(manifests.ofKind("Service"))
			.filteredOn((service) -> !"ClusterIP".equals(Yaml.stringAt(service, "spec", "type"))
					&& Yaml.stringAt(service, "spec", "type") != null)
			.singleElement()
			.satisfies((service) -> {
				assertThat(Manifests.name(service)).isEqualTo("junction-gateway");
				assertThat(Yaml.stringAt(service, "spec", "type")).isEqualTo("LoadBalancer");
				assertThat(Yaml.stringAt(service, "spec", "externalTrafficPolicy")).isEqualTo("Local");
				Map<String, Object> gateway = Manifests.appContainer(manifests.named("Deployment", "junction-gateway"));
				assertThat(Yaml.listAt(service, "spec", "ports"))
					.allSatisfy((port) -> assertThat(Manifests.containerPort(gateway, Yaml.at(port, "targetPort")))
						.as("the gateway's edge port, never management")
						.isEqualTo(8080));
			});
		assertThat(manifests.ofKind("Ingress")).isEmpty();
	}

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void ingressIsDeniedUnlessAPolicyNamesWhoMayCome(String overlay) {
		List<Map<String, Object>> policies = Manifests.of(overlay).ofKind("NetworkPolicy");
		assertThat(policies).as("a default-deny policy").anySatisfy((policy) -> {
			assertThat(Selectors.isEmpty(Yaml.mapAt(policy, "spec", "podSelector"))).isTrue();
			assertThat(Yaml.listAt(policy, "spec", "policyTypes")).contains("Ingress");
			assertThat(Yaml.listAt(policy, "spec", "ingress")).isEmpty();
		});
		for (Map<String, Object> policy : policies) {
			for (Object rule : Yaml.listAt(policy, "spec", "ingress")) {
				if (Yaml.listAt(rule, "from").isEmpty()) {
					assertThat(Yaml.mapAt(policy, "spec", "podSelector", "matchLabels"))
						.as("%s lets anyone in: only the gateway may be open", Manifests.name(policy))
						.isEqualTo(Map.of("app.kubernetes.io/name", "junction-gateway"));
					assertThat(Yaml.listAt(rule, "ports")).as("the gateway's open ports")
						.singleElement()
						.satisfies((port) -> assertThat(Yaml.stringAt(port, "port")).isEqualTo("http"));
				}
			}
		}
	}

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void dataStoresAndConsulAcceptConnectionsOnlyFromTheApps(String overlay) {
		Manifests manifests = Manifests.of(overlay);
		List<Map<String, Object>> apps = manifests.apps();
		for (Map<String, Object> workload : manifests.workloads()) {
			if (apps.contains(workload)) {
				continue;
			}
			Map<String, Object> labels = Manifests.podLabels(workload);
			List<Map<String, Object>> selecting = manifests.ofKind("NetworkPolicy")
				.stream()
				.filter((policy) -> Selectors.matches(Yaml.mapAt(policy, "spec", "podSelector"), labels))
				.filter((policy) -> !Yaml.listAt(policy, "spec", "ingress").isEmpty())
				.toList();
			assertThat(selecting).as("policies letting traffic into %s", Manifests.name(workload)).isNotEmpty();
			for (Map<String, Object> policy : selecting) {
				for (Object rule : Yaml.listAt(policy, "spec", "ingress")) {
					assertThat(Yaml.listAt(rule, "from")).as(Manifests.name(policy)).isNotEmpty().allSatisfy((peer) -> {
						assertThat(Yaml.mapAt(peer)).as("%s: pods of this namespace only", Manifests.name(policy))
							.containsOnlyKeys("podSelector");
						Map<String, Object> selector = Yaml.mapAt(peer, "podSelector");
						assertThat(manifests.workloads())
							.filteredOn((w) -> Selectors.matches(selector, Manifests.podLabels(w)))
							.as("%s admits", Manifests.name(policy))
							.isNotEmpty()
							.allSatisfy((client) -> assertThat(apps).contains(client));
					});
				}
			}
		}
	}

	@ParameterizedTest(name = "k8s/{0}")
	@ValueSource(strings = { "dev", "prod" })
	void credentialsComeOnlyFromSecretsKeptOutOfTheRepository(String overlay) {
		Manifests manifests = Manifests.of(overlay);
		assertThat(manifests.ofKind("Secret")).as("Secrets in k8s/%s", overlay).isEmpty();
		for (Map<String, Object> workload : manifests.workloads()) {
			for (Map<String, Object> container : Manifests.containers(workload)) {
				Manifests.env(container).forEach((name, entry) -> {
					if (CREDENTIAL.matcher(name).matches()) {
						assertThat(Yaml.mapAt(entry, "valueFrom")).as("%s %s", Manifests.name(workload), name)
							.containsOnlyKeys("secretKeyRef");
					}
				});
				assertThat(Yaml.listAt(container, "envFrom")).as("envFrom hides what a container reads").isEmpty();
			}
		}
		assertThat(manifests.all().toString()).doesNotContainIgnoringCase("guest");
	}

}
