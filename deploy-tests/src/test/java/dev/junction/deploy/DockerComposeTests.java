/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml as {@code docker-compose config} (Debian's 1.29) renders it: what a
 * {@code docker compose up} must guarantee.
 */
class DockerComposeTests {

	private static final Set<String> INFRASTRUCTURE = Set.of("consul", "postgres", "rabbitmq", "redis");

	/** Environment variable names that hold a secret or name a user. */
	private static final Pattern CREDENTIAL = Pattern.compile(".*(PASSWORD|_PASS|TOKEN|SECRET|AUTH|_USER)$");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)([^}]*)}");

	private static ComposeFile compose;

	@BeforeAll
	static void render() {
		compose = ComposeFile.render();
	}

	@Test
	void runsRealInfrastructureTheGatewayAndBothUserServiceVersions() {
		assertThat(compose.services()).containsKeys("consul", "postgres", "rabbitmq", "redis", "gateway",
				"user-service-v1", "user-service-v2", "order-service");
		assertThat(Yaml.stringAt(compose.service("consul"), "image")).startsWith("hashicorp/consul:1.22.");
		assertThat(ComposeFile.environment(compose.service("user-service-v2"))).containsEntry("SPRING_PROFILES_ACTIVE",
				"v2");
	}

	@Test
	void onlyTheGatewayIsPublishedAndDevelopmentToolsOnlyOnLoopback() {
		Map<String, List<String>> published = new LinkedHashMap<>();
		compose.services().forEach((name, service) -> {
			List<String> ports = ComposeFile.publishedPorts(Yaml.map(service));
			if (!ports.isEmpty()) {
				published.put(name, ports);
			}
		});
		assertThat(published).containsEntry("gateway", List.of("0.0.0.0:8080"));
		assertThat(published).containsEntry("consul", List.of("127.0.0.1:8500"));
		published.remove("gateway");
		assertThat(published.keySet()).as("services with published ports").isSubsetOf("consul", "grafana");
		assertThat(published.values()).allSatisfy((ports) -> assertThat(ports).allMatch((p) -> p.startsWith("127.")));
	}

	@Test
	void everyServiceHasAHealthcheckAndAMemoryLimit() {
		compose.services().forEach((name, service) -> {
			assertThat(Yaml.listAt(service, "healthcheck", "test")).as("healthcheck of %s", name).isNotEmpty();
			assertThat(Yaml.stringAt(service, "mem_limit")).as("mem_limit of %s", name).isNotBlank();
		});
	}

	@Test
	void appsProbeTheirOwnReadinessEndpoint() {
		Map<String, String> expected = Map.of("gateway", "http://127.0.0.1:9080/readyz", "user-service-v1",
				"http://127.0.0.1:8081/readyz", "user-service-v2", "http://127.0.0.1:8082/readyz", "order-service",
				"http://127.0.0.1:8083/readyz");
		assertThat(compose.apps().keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
		expected.forEach((name, url) -> assertThat(Yaml.listAt(compose.service(name), "healthcheck", "test"))
			.as("healthcheck of %s", name)
			.contains(url));
	}

	@Test
	void appsStartOnlyOnceTheInfrastructureTheyUseIsHealthy() {
		compose.apps().forEach((name, app) -> {
			Map<String, Object> dependencies = Yaml.mapAt(app, "depends_on");
			assertThat(dependencies).as("%s depends on", name).containsKey("consul");
			dependencies.forEach((dependency, condition) -> {
				if (INFRASTRUCTURE.contains(dependency)) {
					assertThat(Yaml.stringAt(condition, "condition")).as("%s waits for %s", name, dependency)
						.isEqualTo("service_healthy");
				}
			});
		});
	}

	@Test
	void appsGetEnoughTimeToDrainAndShutDownGracefullyBeforeBeingKilled() {
		compose.apps().forEach((name, app) -> {
			Duration grace = Durations.parse(Yaml.stringAt(app, "stop_grace_period"));
			Duration needed = StarterShutdown.longest(ComposeFile.environment(app));
			assertThat(grace).as("stop_grace_period of %s (drain delay + graceful shutdown = %s)", name, needed)
				.isGreaterThan(needed);
		});
	}

	@Test
	void everyImageIsPinnedToAVersion() {
		compose.services()
			.forEach((name, service) -> assertThat(Images.isPinned(Yaml.stringAt(service, "image")))
				.as("image of %s: %s", name, Yaml.stringAt(service, "image"))
				.isTrue());
	}

	@Test
	void credentialsComeOnlyFromTheEnvFileWithoutDefaults() {
		String source = ComposeFile.definitions();
		Matcher assignment = Pattern.compile("(?m)^\\s+([A-Z0-9_]+): (.*)$").matcher(source);
		while (assignment.find()) {
			if (CREDENTIAL.matcher(assignment.group(1)).matches()) {
				assertThat(assignment.group(2)).as("%s in docker-compose.yml", assignment.group(1))
					.matches("\\$\\{[A-Z0-9_]+:\\?[^}]+}");
			}
		}
		Matcher variable = VARIABLE.matcher(source);
		while (variable.find()) {
			assertThat(variable.group(2)).as("${%s...} in docker-compose.yml: required, no default", variable.group(1))
				.startsWith(":?");
		}
		assertThat(source).as("docker-compose.yml").doesNotContainIgnoringCase("guest");
		assertThat(compose.services().toString()).doesNotContainIgnoringCase("guest");
	}

	@Test
	void theEnvExampleDocumentsEveryVariableTheComposeFileUses() {
		Set<String> used = new TreeSet<>();
		Matcher variable = VARIABLE.matcher(ComposeFile.definitions());
		while (variable.find()) {
			used.add(variable.group(1));
		}
		Set<String> documented = new TreeSet<>();
		Matcher line = Pattern.compile("(?m)^([A-Z0-9_]+)=").matcher(ComposeFile.read(ComposeFile.ENV_EXAMPLE));
		while (line.find()) {
			documented.add(line.group(1));
		}
		assertThat(documented).containsAll(used);
	}

	@Test
	void renderingWithoutCredentialsFailsAndSaysWhereToSetThem() throws Exception {
		Path empty = Files.createTempFile("junction-empty", ".env");
		Tool.Run run = Tool.DOCKER_COMPOSE.run(Map.of(), "--env-file", empty.toString(), "config");
		Files.delete(empty);
		assertThat(run.exitCode()).isNotZero();
		assertThat(run.stderr()).contains(".env.example");
	}

	@Test
	void theObservabilityProfileAddsPrometheusAndGrafanaOnly() {
		Map<String, Object> profiled = new LinkedHashMap<>();
		compose.services().forEach((name, service) -> {
			if (!Yaml.listAt(service, "profiles").isEmpty()) {
				profiled.put(name, Yaml.listAt(service, "profiles"));
			}
		});
		assertThat(profiled).containsOnlyKeys("prometheus", "grafana")
			.allSatisfy((name, profiles) -> assertThat(profiles).isEqualTo(List.of("observability")));
	}

	@Test
	void theDevPostgresInitScriptIsTheOneDockerComposeRuns() throws Exception {
		assertThat(Files.readString(ComposeFile.root().resolve("k8s/dev/postgres-init-databases.sh")))
			.isEqualTo(Files.readString(ComposeFile.root().resolve("docker/postgres/init-databases.sh")));
		assertThat(List.of("sample_users", "sample_orders"))
			.allSatisfy((db) -> assertThat(ComposeFile.read("docker/postgres/init-databases.sh"))
				.contains("CREATE DATABASE " + db + " OWNER " + db));
	}

}
