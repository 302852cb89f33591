/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.junction.devconsul.DevConsulAgent;
import dev.junction.devconsul.DevConsulSettings;
import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.SnapshotStore;
import dev.junction.testsupport.ConsulHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's live policies through a Consul outage, against the dev agent restarted
 * empty on its port: the policy in force stays while the agent answers an empty KV during
 * the grace period, the policy an operator puts back applies at once, and a gateway
 * started while Consul is down takes the policies from the snapshot.
 */
class LivePoliciesThroughConsulOutageTests {

	private static final String CANARY_10 = "{\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"canaryWeight\":10}";

	private static final String CANARY_40 = "{\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"canaryWeight\":40}";

	@TempDir
	Path directory;

	private DevConsulAgent agent = DevConsulAgent.start(DevConsulSettings.defaults());

	private final List<Runnable> closing = new ArrayList<>();

	@AfterEach
	void close() {
		this.closing.forEach(Runnable::run);
		this.agent.close();
	}

	@Test
	void aPolicyStaysInForceWhileTheAgentRestartedEmptyAndThePolicyPutBackAppliesAtOnce() {
		ConsulHttp.putKv(this.agent.baseUrl(), "junction/policies/users", CANARY_10);
		TrafficPolicies policies = new TrafficPolicies(Map.of());
		ConsulBlockingQueries queries = watch(policies);
		await().atMost(Duration.ofSeconds(10)).until(() -> weight(policies) == 10);

		this.agent.close();
		await().atMost(Duration.ofSeconds(30)).until(() -> queries.unreachableSince() != null);
		assertThat(weight(policies)).as("the policy in force while Consul is down").isEqualTo(10);
		this.agent = this.agent.restartEmpty();
		await().atMost(Duration.ofSeconds(30)).until(() -> queries.unreachableSince() == null);
		long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (System.nanoTime() < until) {
			assertThat(weight(policies)).as("the policy in force while the agent's KV is empty").isEqualTo(10);
		}

		ConsulHttp.putKv(this.agent.baseUrl(), "junction/policies/users", CANARY_40);
		await().atMost(Duration.ofSeconds(10)).until(() -> weight(policies) == 40);
	}

	@Test
	void aGatewayStartedWhileConsulIsDownTakesThePoliciesFromTheSnapshot() {
		ConsulHttp.putKv(this.agent.baseUrl(), "junction/policies/users", CANARY_40);
		TrafficPolicies first = new TrafficPolicies(Map.of());
		watch(first);
		await().atMost(Duration.ofSeconds(10)).until(() -> weight(first) == 40);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Files.exists(this.directory.resolve("kv-junction_policies_.snapshot")));
		this.agent.close();

		TrafficPolicies late = new TrafficPolicies(Map.of());
		ConsulPolicyWatch watch = watchWith(late);
		await().atMost(Duration.ofSeconds(10)).until(() -> weight(late) == 40);
		assertThat(watch.hasSynced()).as("ready with the snapshot's policies").isTrue();
	}

	private ConsulBlockingQueries watch(TrafficPolicies policies) {
		ConsulBlockingQueries queries = new ConsulBlockingQueries(this.agent.baseUrl(), null);
		start(queries, policies);
		return queries;
	}

	private ConsulPolicyWatch watchWith(TrafficPolicies policies) {
		return start(new ConsulBlockingQueries(this.agent.baseUrl(), null), policies);
	}

	private ConsulPolicyWatch start(ConsulBlockingQueries queries, TrafficPolicies policies) {
		LivePolicies settings = new LivePolicies();
		settings.setWait(Duration.ofSeconds(2));
		SnapshotStore snapshots = new SnapshotStore(this.directory, Duration.ofHours(24), Clock.systemUTC());
		ConsulPolicyWatch watch = new ConsulPolicyWatch(queries, settings, snapshots, policies,
				JsonMapper.builder().build());
		watch.start();
		this.closing.add(() -> {
			watch.stop();
			snapshots.destroy();
			queries.destroy();
		});
		return watch;
	}

	private static int weight(TrafficPolicies policies) {
		TrafficPolicy policy = policies.policyFor("users");
		return (policy != null) ? policy.canaryWeight() : -1;
	}

}
