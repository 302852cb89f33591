/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficPolicyAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TrafficPolicyAutoConfiguration.class));

	@Test
	void theConfiguredPoliciesAreInForce() {
		this.runner.withPropertyValues("junction.gateway.policies.users.stable-version=v1",
				"junction.gateway.policies.users.canary-version=v2", "junction.gateway.policies.users.canary-weight=20",
				"junction.gateway.policies.users.sticky=client-address")
			.run((context) -> {
				TrafficPolicy policy = context.getBean(TrafficPolicies.class).policyFor("users");
				assertThat(policy).isEqualTo(new TrafficPolicy("v1", "v2", 20, "X-Canary", null, "canary",
						Sticky.CLIENT_ADDRESS, "X-User-Id", true));
				assertThat(context.getBean(TrafficPolicies.class).policyFor("orders")).isNull();
			});
	}

	@Test
	void anInvalidConfiguredPolicyStopsTheStartWithWhatIsWrong() {
		this.runner
			.withPropertyValues("junction.gateway.policies.users.stable-version=v1",
					"junction.gateway.policies.users.canary-weight=30")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("canaryWeight 30 needs a canaryVersion"));
		this.runner.withPropertyValues("junction.gateway.policies.users.stable-version=v1")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void backsOffForTheUsersOwnPolicies() {
		this.runner.withUserConfiguration(OwnPolicies.class)
			.run((context) -> assertThat(context).getBean(TrafficPolicies.class)
				.isSameAs(context.getBean(OwnPolicies.class).policies));
	}

	@Test
	void withoutConsulThereIsNoLivePolicyWatchAndNoVersionFilter() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ConsulPolicyWatch.class)
			.doesNotHaveBean(VersionRoutingFilter.class)
			.hasSingleBean(TrafficPolicies.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnPolicies {

		final TrafficPolicies policies = new TrafficPolicies(Map.of());

		@Bean
		TrafficPolicies ownPolicies() {
			return this.policies;
		}

	}

}
