/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

import dev.junction.testsupport.Docker;

/**
 * The same conformance suite against a real {@code hashicorp/consul:1.22} in dev mode, so
 * the dev agent cannot drift from the real thing unnoticed. Runs wherever Docker exists;
 * skipped (with a message) elsewhere.
 */
@EnabledIf(value = "dockerAvailable",
		disabledReason = "No Docker engine answers here: the conformance suite runs against a real "
				+ "hashicorp/consul:1.22 container only where Docker exists (DevConsulConformanceTests covers the "
				+ "dev agent everywhere)")
class RealConsulConformanceTests extends ConsulConformanceTests {

	private static final DockerImageName IMAGE = DockerImageName.parse("hashicorp/consul:1.22");

	private static final String ACL_CONFIG = """
			{"acl": {"enabled": true, "default_policy": "deny", "enable_token_persistence": true,
			  "tokens": {"initial_management": "%1$s", "agent": "%1$s"}}}""".formatted(ACL_TOKEN);

	private static GenericContainer<?> consul;

	private static GenericContainer<?> aclConsul;

	static boolean dockerAvailable() {
		return Docker.isAvailable();
	}

	@BeforeAll
	static void startConsul() {
		Testcontainers.exposeHostPorts(checkTarget.port());
		consul = container().withEnv("CONSUL_LOCAL_CONFIG", "{\"session_ttl_min\": \"1s\"}");
		aclConsul = container().withEnv("CONSUL_LOCAL_CONFIG", ACL_CONFIG);
		Startables.deepStart(consul, aclConsul).join();
	}

	private static GenericContainer<?> container() {
		return new GenericContainer<>(IMAGE).withCommand("agent", "-dev", "-client", "0.0.0.0")
			.withExposedPorts(8500)
			.waitingFor(Wait.forHttp("/v1/status/leader")
				.forStatusCode(200)
				.forResponsePredicate((body) -> body.contains(":8300")));
	}

	@AfterAll
	static void stopConsul() {
		if (consul != null) {
			consul.stop();
		}
		if (aclConsul != null) {
			aclConsul.stop();
		}
	}

	@Override
	String baseUrl() {
		return "http://" + consul.getHost() + ":" + consul.getMappedPort(8500);
	}

	@Override
	String aclBaseUrl() {
		return "http://" + aclConsul.getHost() + ":" + aclConsul.getMappedPort(8500);
	}

	@Override
	String checkHost() {
		return "host.testcontainers.internal";
	}

}
