/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.console;

import java.time.Clock;

import dev.junction.gateway.policy.TrafficPolicies;
import dev.junction.gateway.rollout.EdgeTrafficFigures;
import dev.junction.gateway.rollout.RolloutProperties;
import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.discovery.ConsulHealthWatcher;
import dev.junction.starter.discovery.OutlierDetector;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

/**
 * The console, {@code /junction} on the management port: a static page (plain HTML, CSS
 * and JavaScript from the jar, no build toolchain) and {@link ConsoleApi}. The management
 * context serves neither static resources nor controllers by default, so a router
 * function of its own serves both.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ RouterFunction.class, RouteLocator.class })
@ConditionalOnBooleanProperty(name = "junction.console.enabled", matchIfMissing = true)
@ConditionalOnBean({ TrafficPolicies.class, ConsulBlockingQueries.class, RolloutProperties.class })
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleManagementContextConfiguration {

	private static final String PAGES = "junction-console/";

	@Bean
	RouterFunction<ServerResponse> junctionConsoleRoutes(RouteLocator routes, TrafficPolicies policies,
			ObjectProvider<ConsulHealthWatcher> instances, ObjectProvider<EdgeTrafficFigures> figures,
			ObjectProvider<OutlierDetector> outliers, ConsulBlockingQueries queries, RolloutProperties rollouts,
			ConsoleProperties properties) {
		ConsoleApi api = new ConsoleApi(routes, policies, instances.getIfAvailable(), figures.getIfAvailable(),
				outliers.getIfAvailable(), queries, rollouts, properties, Clock.systemUTC());
		return RouterFunctions.route(GET("/junction").or(GET("/junction/")), (request) -> page("index.html"))
			.andRoute(GET("/junction/console.js"), (request) -> page("console.js"))
			.andRoute(GET("/junction/console.css"), (request) -> page("console.css"))
			.andRoute(GET("/junction/api/state"), api::state)
			.andRoute(POST("/junction/api/rollouts/{service}"), api::startRollout)
			.andRoute(POST("/junction/api/rollouts/{service}/actions/{action}"), api::act);
	}

	private static Mono<ServerResponse> page(String name) {
		MediaType type = name.endsWith(".js") ? MediaType.valueOf("text/javascript;charset=UTF-8")
				: name.endsWith(".css") ? MediaType.valueOf("text/css;charset=UTF-8")
						: MediaType.valueOf("text/html;charset=UTF-8");
		return ServerResponse.ok()
			.contentType(type)
			.cacheControl(CacheControl.noCache())
			.header("X-Content-Type-Options", "nosniff")
			.header("Content-Security-Policy",
					"default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'")
			.bodyValue(new ClassPathResource(PAGES + name));
	}

}
