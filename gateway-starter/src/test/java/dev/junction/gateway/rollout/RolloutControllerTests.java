/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.gateway.policy.PolicyDocuments;
import dev.junction.gateway.policy.Sticky;
import dev.junction.gateway.policy.TrafficPolicies;
import dev.junction.gateway.policy.TrafficPolicy;
import dev.junction.gateway.rollout.RolloutStatus.Event;
import dev.junction.gateway.rollout.RolloutStatus.Phase;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.testsupport.RedisNamespaceExtension;
import dev.junction.testsupport.ServerConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollout controller against the dev agent's KV, sessions and locks and a real Redis,
 * on a simulated clock that moves a second per round: a healthy canary goes through its
 * steps and is promoted, a failing one is rolled back, actions apply, an invalid spec
 * changes nothing, and a second replica takes over from the status without repeating a
 * step.
 */
class RolloutControllerTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String SPEC = """
			{"canaryVersion": "v2",
			 "steps": [{"weight": 10, "pause": "10s"}, {"weight": 50, "pause": "10s"}, {"weight": 100, "pause": "10s"}],
			 "analysis": {"interval": "5s", "minRequests": 20, "failureLimit": 1, "inconclusiveLimit": 3}}
			""";

	private final AtomicLong millis = new AtomicLong(Instant.parse("2026-12-04T12:00:00.500Z").toEpochMilli());

	private final List<RolloutController> controllers = new ArrayList<>();

	private final List<Integer> weightsSeen = new ArrayList<>();

	private LettuceConnectionFactory connections;

	private ReactiveStringRedisTemplate template;

	private String prefix;

	private String service;

	@BeforeEach
	void connect(TestInfo test) {
		// the agent lives as long as the class: each test rolls out a service of its own
		this.service = "users-" + test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
		ServerConnection server = redis.server();
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.template = new ReactiveStringRedisTemplate(this.connections);
		this.prefix = redis.keyPrefix() + System.nanoTime() + ":";
	}

	@AfterEach
	void close() {
		this.controllers.forEach((controller) -> controller.leadershipForTests().resign());
		this.connections.destroy();
	}

	private RolloutController controller(String replica) {
		RolloutProperties properties = new RolloutProperties();
		properties.setLeaderKey("junction/leader/rollouts-" + this.prefix.hashCode());
		ConsulKv kv = new ConsulKv(consul.baseUrl(), null, json);
		RolloutLeadership leadership = new RolloutLeadership(kv, properties.getLeaderKey(), replica,
				Duration.ofSeconds(10), Duration.ofSeconds(1), System::nanoTime);
		TrafficPolicies policies = new TrafficPolicies(Map.of(this.service,
				new TrafficPolicy("v1", null, 0, "X-Canary", null, "canary", Sticky.HEADER, "X-User-Id", true)));
		EdgeTrafficFigures figures = new EdgeTrafficFigures(this.template, this.prefix, this.millis::get);
		Clock clock = new Clock() {

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return Instant.ofEpochMilli(RolloutControllerTests.this.millis.get());
			}

		};
		RolloutController controller = new RolloutController(kv, leadership, figures, policies, properties,
				"junction/policies/", json, clock, null);
		this.controllers.add(controller);
		return controller;
	}

	/**
	 * Simulates seconds of traffic through the edge: every second, stable and canary
	 * requests in proportion to the weight in force, then one controller round.
	 */
	private void run(RolloutController controller, int seconds, double canaryErrorShare) {
		EdgeTrafficFigures figures = controller.figuresForTests();
		for (int second = 0; second < seconds; second++) {
			int weight = weightInForce();
			this.weightsSeen.add(weight);
			int canary = weight;
			int stable = 100 - weight;
			for (int i = 0; i < stable; i++) {
				figures.record(this.service, "v1", false, 10_000_000);
			}
			for (int i = 0; i < canary; i++) {
				figures.record(this.service, "v2", i < canary * canaryErrorShare, 12_000_000);
			}
			this.millis.addAndGet(1000);
			controller.round();
		}
	}

	private int weightInForce() {
		TrafficPolicy policy = policy();
		return (policy != null && "v2".equals(policy.canaryVersion())) ? policy.canaryWeight() : 0;
	}

	/** A key's raw value, {@code null} when it does not exist. */
	private static @Nullable String kv(String key) {
		try {
			return ConsulHttp.get(consul.baseUrl(), "/v1/kv/" + key + "?raw");
		}
		catch (IllegalStateException ex) {
			if (ex.getMessage().contains("answered 404")) {
				return null;
			}
			throw ex;
		}
	}

	private @Nullable TrafficPolicy policy() {
		String value = kv("junction/policies/" + this.service);
		return (value != null) ? PolicyDocuments.read(value.getBytes(StandardCharsets.UTF_8), json) : null;
	}

	private @Nullable RolloutStatus status() {
		String value = kv("junction/rollouts-status/" + this.service);
		return (value != null) ? RolloutStatus.fromJson(value.getBytes(StandardCharsets.UTF_8), json) : null;
	}

	@Test
	void aHealthyCanaryGoesThroughEveryStepAndIsPromoted() {
		ConsulHttp.putKv(consul.baseUrl(), "junction/rollouts/" + this.service, SPEC);
		RolloutController controller = controller("a");
		run(controller, 60, 0);
		RolloutStatus status = status();
		assertThat(status).isNotNull();
		assertThat(status.phase()).isEqualTo(Phase.Promoted);
		assertThat(this.weightsSeen).containsSubsequence(10, 50, 100);
		assertThat(status.history()).filteredOn((event) -> event.event().equals("Step"))
			.extracting(Event::weight)
			.containsExactly(50, 100);
		TrafficPolicy promoted = policy();
		assertThat(promoted).isNotNull();
		assertThat(promoted.stableVersion()).isEqualTo("v2");
		assertThat(promoted.canaryVersion()).isNull();
		assertThat(promoted.stickyName()).as("what the rollout does not own is copied").isEqualTo("X-User-Id");
		assertThat(status.lastVerdict()).isNotNull();
		assertThat(status.lastVerdict().canary().requests()).isGreaterThanOrEqualTo(20);
	}

	@Test
	void aFailingCanaryIsRolledBackAndStaysReachableByHeader() {
		ConsulHttp.putKv(consul.baseUrl(), "junction/rollouts/" + this.service, SPEC);
		RolloutController controller = controller("a");
		run(controller, 25, 0.3);
		RolloutStatus status = status();
		assertThat(status).isNotNull();
		assertThat(status.phase()).isEqualTo(Phase.RolledBack);
		assertThat(status.reason()).contains("failed analyses");
		assertThat(this.weightsSeen).doesNotContain(50, 100);
		TrafficPolicy policy = policy();
		assertThat(policy.canaryWeight()).isZero();
		assertThat(policy.canaryVersion()).isEqualTo("v2");
		assertThat(policy.stableVersion()).isEqualTo("v1");
	}

	@Test
	void tooLittleCanaryTrafficPausesAndNeverPromotes() {
		ConsulHttp.putKv(consul.baseUrl(), "junction/rollouts/" + this.service,
				SPEC.replace("\"minRequests\": 20", "\"minRequests\": 1000"));
		RolloutController controller = controller("a");
		run(controller, 40, 0);
		RolloutStatus status = status();
		assertThat(status.phase()).isEqualTo(Phase.Paused);
		assertThat(status.reason()).contains("inconclusive");
		assertThat(this.weightsSeen).doesNotContain(50, 100);
	}

	@Test
	void actionsPauseAndAbortAndAreConsumed() {
		ConsulHttp.putKv(consul.baseUrl(), "junction/rollouts/" + this.service, SPEC);
		RolloutController controller = controller("a");
		run(controller, 3, 0);
		ConsulHttp.putKv(consul.baseUrl(), "junction/rollouts-actions/" + this.service, "{\"action\": \"pause\"}");
		run(controller, 1, 0);
		assertThat(status().phase()).isEqualTo(Phase.Paused);
		assertThat(kv("junction/rollouts-actions/" + this.service)).as("the action is consumed").isNull();
		run(controller, 30, 0);
		assertThat(status().phase()).as("a paused rollout stays").isEqualTo(Phase.Paused);
		ConsulHttp.putKv(consul.baseUrl(), "junction/rollouts-actions/" + this.service, "{\"action\": \"abort\"}");
		run(controller, 1, 0);
		assertThat(status().phase()).isEqualTo(Phase.RolledBack);
		assertThat(policy().canaryWeight()).isZero();
	}

	@Test
	void deletingTheSpecStopsTheRolloutWhereItIsAndSaysSo() {
		ConsulHttp.putKv(consul.baseUrl(), "junction/rollouts/" + this.service, SPEC);
		RolloutController controller = controller("a");
		run(controller, 3, 0);
		assertThat(status().phase()).isEqualTo(Phase.Progressing);
		ConsulHttp.deleteKv(consul.baseUrl(), "junction/rollouts/" + this.service);
		run(controller, 30, 0);
		RolloutStatus status = status();
		assertThat(status.phase()).isEqualTo(Phase.Paused);
		assertThat(status.reason()).contains("spec was deleted").contains("weight 10");
		assertThat(status.history()).filteredOn((event) -> event.event().equals("Stopped")).hasSize(1);
		assertThat(policy().canaryWeight()).as("the policy stays as it is").isEqualTo(10);
		assertThat(this.weightsSeen).doesNotContain(50, 100);
	}

	@Test
	void anInvalidSpecChangesNothing() {
		ConsulHttp.putKv(consul.baseUrl(), "junction/rollouts/" + this.service,
				"{\"canaryVersion\": \"v2\", \"steps\": [{\"weight\": 10, \"pause\": \"10s\", \"typo\": 1}]}");
		RolloutController controller = controller("a");
		run(controller, 5, 0);
		assertThat(status()).isNull();
		assertThat(policy()).isNull();
	}

	@Test
	void anotherReplicaTakesOverFromTheStatusWithoutRepeatingAStep() {
		ConsulHttp.putKv(consul.baseUrl(), "junction/rollouts/" + this.service, SPEC);
		RolloutController first = controller("a");
		RolloutController second = controller("b");
		run(first, 2, 0);
		run(second, 2, 0);
		assertThat(first.isLeader()).isTrue();
		assertThat(second.isLeader()).isFalse();
		run(first, 15, 0);
		assertThat(status().step()).isEqualTo(1);
		first.leadershipForTests().resign();
		run(second, 45, 0);
		assertThat(second.isLeader()).isTrue();
		RolloutStatus status = status();
		assertThat(status.phase()).isEqualTo(Phase.Promoted);
		assertThat(status.history()).filteredOn((event) -> event.event().equals("Step"))
			.extracting(Event::weight)
			.containsExactly(50, 100);
		assertThat(status.history()).filteredOn((event) -> event.event().equals("Started")).hasSize(1);
	}

}
