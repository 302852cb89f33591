/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.UUID;

import dev.junction.gateway.policy.TrafficPolicies;
import dev.junction.gateway.policy.TrafficPolicyAutoConfiguration;
import dev.junction.gateway.policy.TrafficPolicyProperties;
import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQueriesAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Rollouts that promote or roll back themselves ({@code junction.gateway.rollouts.*}):
 * the per-version traffic figures every replica counts and flushes to Redis, and the
 * controller that runs the rollouts on the replica holding the leader lock in Consul.
 * Without Redis every analysis is inconclusive, so a rollout pauses rather than promote
 * blind.
 */
@AutoConfiguration(after = { TrafficPolicyAutoConfiguration.class, ConsulBlockingQueriesAutoConfiguration.class },
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration")
@ConditionalOnClass({ GlobalFilter.class, ReactiveStringRedisTemplate.class })
@ConditionalOnBooleanProperty(name = "junction.gateway.rollouts.enabled", matchIfMissing = true)
@ConditionalOnBean({ TrafficPolicies.class, ConsulBlockingQueries.class })
@EnableConfigurationProperties(RolloutProperties.class)
public final class RolloutAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EdgeTrafficFigures junctionEdgeTrafficFigures(ObjectProvider<ReactiveStringRedisTemplate> redis,
			RolloutProperties properties) {
		return new EdgeTrafficFigures(redis.getIfAvailable(), properties.getRedisKeyPrefix(),
				System::currentTimeMillis);
	}

	@Bean
	@ConditionalOnMissingBean
	RolloutTrafficFilter junctionRolloutTrafficFilter(EdgeTrafficFigures figures) {
		return new RolloutTrafficFilter(figures);
	}

	@Bean
	@ConditionalOnMissingBean
	RolloutController junctionRolloutController(ConsulBlockingQueries queries, EdgeTrafficFigures figures,
			TrafficPolicies policies, RolloutProperties properties, TrafficPolicyProperties policyProperties,
			ObjectProvider<MeterRegistry> meters) {
		JsonMapper json = JsonMapper.builder().build();
		ConsulKv consul = new ConsulKv(queries.baseUrl(), queries.token(), json);
		String replica = ManagementFactory.getRuntimeMXBean().getName() + "-"
				+ UUID.randomUUID().toString().substring(0, 8);
		RolloutLeadership leadership = new RolloutLeadership(consul, properties.getLeaderKey(), replica,
				properties.getSessionTtl(), properties.getLockDelay(), System::nanoTime);
		return new RolloutController(consul, leadership, figures, policies, properties,
				policyProperties.getLivePolicies().getPrefix(), json, Clock.systemUTC(), meters.getIfAvailable());
	}

}
