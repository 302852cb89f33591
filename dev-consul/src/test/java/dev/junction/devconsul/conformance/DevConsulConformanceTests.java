/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.conformance;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.junction.devconsul.DevConsulSettings;
import dev.junction.devconsul.junit.DevConsulExtension;
import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance suite against the embedded dev agent, plus what only the dev agent can
 * do: a lowered reap minimum.
 */
class DevConsulConformanceTests extends ConsulConformanceTests {

	/**
	 * Consul's reap minimum (1 min) with a reaper that runs often, so the "raised to a
	 * minute" test shows the minimum, not a slow reaper, keeping the service.
	 */
	@RegisterExtension
	static final DevConsulExtension consul = new DevConsulExtension(DevConsulSettings.defaults()
		.withReapInterval(Duration.ofMillis(250))
		.withSessionTtlMinimum(Duration.ofSeconds(1)));

	@RegisterExtension
	static final DevConsulExtension aclConsul = new DevConsulExtension(
			DevConsulSettings.defaults().withAclToken(ACL_TOKEN));

	@RegisterExtension
	static final DevConsulExtension fastReaper = new DevConsulExtension(DevConsulSettings.defaults()
		.withReapInterval(Duration.ofMillis(200))
		.withReapMinimum(Duration.ofMillis(500)));

	@Override
	String baseUrl() {
		return consul.baseUrl();
	}

	@Override
	String aclBaseUrl() {
		return aclConsul.baseUrl();
	}

	@Test
	void aLoweredReapMinimumReapsACriticalServiceSoonAfterItsDeadline() {
		ConsulHttp agent = new ConsulHttp(fastReaper.baseUrl());
		String name = unique("reaped");
		assertThat(agent
			.put("/v1/agent/service/register",
					"""
							{"ID": "%1$s", "Name": "%1$s", "Check": {"TTL": "60s", "DeregisterCriticalServiceAfter": "1s"}}"""
						.formatted(name))
			.status()).isEqualTo(200);
		assertThat(agent.get("/v1/agent/services").json().has(name)).isTrue();
		eventually().until(() -> !agent.get("/v1/agent/services").json().has(name));
		assertThat(agent.get("/v1/agent/checks").json().has("service:" + name)).isFalse();
	}

	@Test
	void aPassingServiceIsNotReapedEvenWithALoweredMinimum() {
		ConsulHttp agent = new ConsulHttp(fastReaper.baseUrl());
		String name = unique("kept");
		agent.put("/v1/agent/service/register", """
				{"ID": "%1$s", "Name": "%1$s", "Check": {"TTL": "60s", "Status": "passing",
				 "DeregisterCriticalServiceAfter": "1s"}}""".formatted(name));
		Awaitility.await()
			.during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(4))
			.until(() -> agent.get("/v1/agent/services").json().has(name));
	}

}
