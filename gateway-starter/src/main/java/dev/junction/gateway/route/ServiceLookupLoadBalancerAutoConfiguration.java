/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.route;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayLoadBalancerProperties;
import org.springframework.cloud.gateway.config.GatewayReactiveLoadBalancerClientAutoConfiguration;
import org.springframework.cloud.gateway.config.conditional.ConditionalOnEnabledGlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;

/**
 * Replaces Spring Cloud Gateway's {@link ReactiveLoadBalancerClientFilter} (declared
 * {@code @ConditionalOnMissingBean} there) with
 * {@link ServiceLookupLoadBalancerClientFilter}, which looks a service's load balancer,
 * lifecycles and hint up once instead of on every request. Switched off, or disabled as a
 * global filter the way Spring Cloud Gateway's own is, Spring Cloud's filter applies.
 */
@AutoConfiguration(after = LoadBalancerAutoConfiguration.class,
		before = GatewayReactiveLoadBalancerClientAutoConfiguration.class)
@ConditionalOnClass({ ReactiveLoadBalancerClientFilter.class, LoadBalancerClientFactory.class })
@ConditionalOnBooleanProperty(name = "spring.cloud.gateway.server.webflux.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "junction.gateway.load-balancer.service-lookups.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GatewayLoadBalancerProperties.class)
public final class ServiceLookupLoadBalancerAutoConfiguration {

	@Bean
	@ConditionalOnBean(LoadBalancerClientFactory.class)
	@ConditionalOnMissingBean(ReactiveLoadBalancerClientFilter.class)
	@ConditionalOnEnabledGlobalFilter(ReactiveLoadBalancerClientFilter.class)
	ServiceLookupLoadBalancerClientFilter junctionLoadBalancerClientFilter(LoadBalancerClientFactory clientFactory,
			GatewayLoadBalancerProperties properties) {
		return new ServiceLookupLoadBalancerClientFilter(clientFactory, properties);
	}

}
