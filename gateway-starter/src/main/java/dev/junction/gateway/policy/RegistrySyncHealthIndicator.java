/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.util.List;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulReachabilityHealthIndicator;
import dev.junction.starter.discovery.ConsulHealthWatcher;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationListener;

/**
 * Part of the gateway's readiness ({@code /readyz} on the management port): out of
 * service until Consul has answered once for every service the routes send to, and for
 * the live policies, so no request after start-up fails only because an instance list or
 * a policy was not known yet. It never goes back: later Consul outages leave the gateway
 * serving with what it last knew, which is better than taking it out of the load
 * balancer. Its {@code registry} detail says whether Consul answers ({@code reachable},
 * or {@code unreachable since <instant>}) without changing the status.
 * <p>
 * It also starts those watches as soon as the routes are known, rather than on each
 * service's first request.
 */
final class RegistrySyncHealthIndicator
		implements ReactiveHealthIndicator, ApplicationListener<RefreshRoutesResultEvent> {

	private final RouteLocator routes;

	private final ConsulHealthWatcher watcher;

	private final @Nullable ConsulPolicyWatch policyWatch;

	private final @Nullable ConsulBlockingQueries queries;

	RegistrySyncHealthIndicator(RouteLocator routes, ConsulHealthWatcher watcher,
			@Nullable ConsulPolicyWatch policyWatch) {
		this(routes, watcher, policyWatch, null);
	}

	RegistrySyncHealthIndicator(RouteLocator routes, ConsulHealthWatcher watcher,
			@Nullable ConsulPolicyWatch policyWatch, @Nullable ConsulBlockingQueries queries) {
		this.routes = routes;
		this.watcher = watcher;
		this.policyWatch = policyWatch;
		this.queries = queries;
	}

	@Override
	public void onApplicationEvent(RefreshRoutesResultEvent event) {
		health().subscribe();
	}

	@Override
	public Mono<Health> health() {
		return RoutedServices.of(this.routes).map(this::health);
	}

	private Health health(List<String> services) {
		List<String> pending = services.stream().filter((service) -> !this.watcher.hasSynced(service)).toList();
		boolean policiesSynced = this.policyWatch == null || this.policyWatch.hasSynced();
		Health.Builder health = (pending.isEmpty() && policiesSynced) ? Health.up() : Health.outOfService();
		health.withDetail("services", services).withDetail("policiesSynced", policiesSynced);
		if (!pending.isEmpty()) {
			health.withDetail("waitingFor", pending);
		}
		if (this.queries != null) {
			health.withDetail("registry", ConsulReachabilityHealthIndicator.describe(this.queries));
		}
		return health.build();
	}

}
