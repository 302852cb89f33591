/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.route;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.gateway.config.GatewayReactiveLoadBalancerClientAutoConfiguration;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The gateway's {@code lb://} filter over Spring Cloud LoadBalancer with a simple
 * discovery client (two instances of {@code users}). The exchanges are Spring's mock
 * exchanges: the filter's contract is the attributes and lifecycle calls it leaves.
 */
class ServiceLookupLoadBalancerClientFilterTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(UtilAutoConfiguration.class, SimpleReactiveDiscoveryClientAutoConfiguration.class,
						LoadBalancerAutoConfiguration.class, ServiceLookupLoadBalancerAutoConfiguration.class,
						GatewayReactiveLoadBalancerClientAutoConfiguration.class))
		.withUserConfiguration(LifecycleConfiguration.class)
		.withPropertyValues("spring.cloud.discovery.client.simple.instances.users[0].uri=http://127.0.0.1:9101",
				"spring.cloud.discovery.client.simple.instances.users[1].uri=http://127.0.0.1:9102",
				"spring.cloud.loadbalancer.cache.enabled=false");

	@Test
	void springCloudGatewaysFilterBacksOffForJunctions() {
		this.runner.run((context) -> assertThat(context.getBeansOfType(ReactiveLoadBalancerClientFilter.class))
			.hasSize(1)
			.allSatisfy(
					(name, filter) -> assertThat(filter).isInstanceOf(ServiceLookupLoadBalancerClientFilter.class)));
	}

	@Test
	void switchedOffSpringCloudGatewaysFilterRoutes() {
		this.runner.withPropertyValues("junction.gateway.load-balancer.service-lookups.enabled=false")
			.run((context) -> assertThat(context.getBean(ReactiveLoadBalancerClientFilter.class))
				.isNotInstanceOf(ServiceLookupLoadBalancerClientFilter.class));
	}

	@Test
	void everyRequestGetsAnInstanceInTurnWithItsPathAndQueryAndTheLifecycleSeesItComplete() {
		this.runner.run((context) -> {
			ReactiveLoadBalancerClientFilter filter = context.getBean(ReactiveLoadBalancerClientFilter.class);
			Lifecycles lifecycles = context.getBean(Lifecycles.class);
			List<URI> routedTo = new CopyOnWriteArrayList<>();
			for (int i = 0; i < 4; i++) {
				ServerWebExchange exchange = exchange("lb://users/api/users/1?full=true");
				filter.filter(exchange, answering(HttpStatus.OK, routedTo)).block();
				assertThat(exchange.getAttributes())
					.containsKey(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
				assertThat(exchange.<Set<URI>>getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR))
					.contains(URI.create("lb://users/api/users/1?full=true"));
			}
			assertThat(routedTo).extracting(URI::toString)
				.containsOnly("http://127.0.0.1:9101/api/users/1?full=true",
						"http://127.0.0.1:9102/api/users/1?full=true");
			assertThat(routedTo.get(1)).isNotEqualTo(routedTo.get(0));
			assertThat(routedTo.get(2)).isEqualTo(routedTo.get(0));
			assertThat(routedTo.get(3)).isEqualTo(routedTo.get(1));
			assertThat(lifecycles.events).containsExactly("start", "startRequest", "complete SUCCESS 200", "start",
					"startRequest", "complete SUCCESS 200", "start", "startRequest", "complete SUCCESS 200", "start",
					"startRequest", "complete SUCCESS 200");
		});
	}

	@Test
	void aFailedExchangeCompletesAsFailedAndAnAnswerWithAnErrorStatusCarriesIt() {
		this.runner.run((context) -> {
			ReactiveLoadBalancerClientFilter filter = context.getBean(ReactiveLoadBalancerClientFilter.class);
			Lifecycles lifecycles = context.getBean(Lifecycles.class);
			filter
				.filter(exchange("lb://users/x"),
						answering(HttpStatus.SERVICE_UNAVAILABLE, new CopyOnWriteArrayList<>()))
				.block();
			GatewayFilterChain failing = (exchange) -> Mono.error(new IllegalStateException("connection reset"));
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> filter.filter(exchange("lb://users/x"), failing).block());
			assertThat(lifecycles.events).containsExactly("start", "startRequest", "complete SUCCESS 503", "start",
					"startRequest", "complete FAILED connection reset");
		});
	}

	@Test
	void aServiceWithoutInstancesIsNotFoundAndTheLifecycleHearsItDiscardedThenFailed() {
		this.runner.run((context) -> {
			ReactiveLoadBalancerClientFilter filter = context.getBean(ReactiveLoadBalancerClientFilter.class);
			Lifecycles lifecycles = context.getBean(Lifecycles.class);
			assertThatExceptionOfType(NotFoundException.class)
				.isThrownBy(() -> filter
					.filter(exchange("lb://orders/x"), answering(HttpStatus.OK, new CopyOnWriteArrayList<>()))
					.block())
				.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
				.withMessageContaining("orders");
			// as Spring Cloud's filter: discarded, then failed with the 503 it answers
			assertThat(lifecycles.events).containsExactly("start", "complete DISCARD",
					"complete FAILED 503 SERVICE_UNAVAILABLE \"Unable to find instance for orders\"");
		});
	}

	@Test
	void anAddressThatIsNotLoadBalancedPassesUntouched() {
		this.runner.run((context) -> {
			ReactiveLoadBalancerClientFilter filter = context.getBean(ReactiveLoadBalancerClientFilter.class);
			List<URI> routedTo = new CopyOnWriteArrayList<>();
			filter.filter(exchange("http://127.0.0.1:9200/x"), answering(HttpStatus.OK, routedTo)).block();
			assertThat(routedTo).containsExactly(URI.create("http://127.0.0.1:9200/x"));
			assertThat(context.getBean(Lifecycles.class).events).isEmpty();
		});
	}

	private static ServerWebExchange exchange(String routeUrl) {
		URI url = URI.create(routeUrl);
		String pathAndQuery = url.getRawPath() + ((url.getRawQuery() != null) ? "?" + url.getRawQuery() : "");
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(pathAndQuery));
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, url);
		return exchange;
	}

	/** A chain as the gateway's: deferred until the filter's result is subscribed. */
	private static GatewayFilterChain answering(HttpStatus status, List<URI> routedTo) {
		return (exchange) -> Mono.defer(() -> {
			routedTo.add(exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR));
			exchange.getResponse().setStatusCode(status);
			return Mono.empty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class LifecycleConfiguration {

		@Bean
		Lifecycles lifecycles() {
			return new Lifecycles();
		}

	}

	/** Records what Spring Cloud LoadBalancer's lifecycle hears, in order. */
	static class Lifecycles implements LoadBalancerLifecycle<RequestDataContext, ResponseData, ServiceInstance> {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Request<RequestDataContext> request) {
			this.events.add("start");
		}

		@Override
		public void onStartRequest(Request<RequestDataContext> request, Response<ServiceInstance> response) {
			this.events.add("startRequest");
		}

		@Override
		public void onComplete(CompletionContext<ResponseData, ServiceInstance, RequestDataContext> completion) {
			String detail = switch (completion.status()) {
				case SUCCESS -> " " + completion.getClientResponse().getHttpStatus().value();
				case FAILED -> " " + completion.getThrowable().getMessage();
				default -> "";
			};
			this.events.add("complete " + completion.status() + detail);
		}

	}

}
