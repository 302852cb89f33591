/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.route;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycleValidator;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.gateway.config.GatewayLoadBalancerProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.DelegatingServiceInstance;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Cloud Gateway's {@link ReactiveLoadBalancerClientFilter} for {@code lb://}
 * routes, with what it looks up per request looked up once per service: the service's
 * load balancer, its {@link LoadBalancerLifecycle} beans and its hint. Spring Cloud's
 * filter asks the service's child context for all three on every request (a bean factory
 * search by type for the lifecycles), builds the request's cookies although the request
 * has none, and builds the request data a second time for the lifecycles' completion. The
 * contract is Spring Cloud's: the same order, attributes, lifecycle calls
 * ({@code onStart}, {@code onStartRequest}, {@code onComplete} with the exchange's
 * response), {@code 503} (or {@code 404} with
 * {@code spring.cloud.gateway.server.webflux.loadbalancer.use404}) when no instance is
 * chosen, {@code lb:<scheme>} routes, and each chosen URL logged at TRACE under
 * {@code org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter}. A
 * service's lookups are kept for the life of the application, as its child context is.
 */
@SuppressWarnings({ "rawtypes", "unchecked" })
public class ServiceLookupLoadBalancerClientFilter extends ReactiveLoadBalancerClientFilter {

	/**
	 * Spring Cloud's filter's own category, so that an application that logs its chosen
	 * instances at TRACE still sees them.
	 */
	private static final Log logger = LogFactory.getLog(ReactiveLoadBalancerClientFilter.class);

	private static final MultiValueMap<String, String> NO_COOKIES = CollectionUtils
		.unmodifiableMultiValueMap(new LinkedMultiValueMap<>());

	private final LoadBalancerClientFactory clientFactory;

	private final GatewayLoadBalancerProperties properties;

	private final ConcurrentMap<String, ServiceLookup> services = new ConcurrentHashMap<>();

	public ServiceLookupLoadBalancerClientFilter(LoadBalancerClientFactory clientFactory,
			GatewayLoadBalancerProperties properties) {
		super(clientFactory, properties);
		this.clientFactory = clientFactory;
		this.properties = properties;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		String schemePrefix = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_SCHEME_PREFIX_ATTR);
		if (url == null || (!"lb".equals(url.getScheme()) && !"lb".equals(schemePrefix))) {
			return chain.filter(exchange);
		}
		ServerWebExchangeUtils.addOriginalRequestUrl(exchange, url);
		String serviceId = url.getHost();
		if (serviceId == null) {
			return Mono.error(NotFoundException.create(this.properties.isUse404(),
					"Unable to find instance for " + url + ": the route's lb:// URI names no service"));
		}
		ServiceLookup service = this.services.computeIfAbsent(serviceId, this::lookUp);
		RequestData requestData = requestData(exchange);
		DefaultRequest<RequestDataContext> lbRequest = new DefaultRequest<>(
				new RequestDataContext(requestData, service.hint()));
		List<LoadBalancerLifecycle> lifecycles = service.lifecycles();
		for (LoadBalancerLifecycle lifecycle : lifecycles) {
			lifecycle.onStart(lbRequest);
		}
		Mono<Void> routed = service.loadBalancer().choose(lbRequest).doOnNext((response) -> {
			if (!response.hasServer()) {
				for (LoadBalancerLifecycle lifecycle : lifecycles) {
					lifecycle
						.onComplete(new CompletionContext<>(CompletionContext.Status.DISCARD, lbRequest, response));
				}
				throw NotFoundException.create(this.properties.isUse404(),
						"Unable to find instance for " + url.getHost());
			}
			ServiceInstance chosen = response.getServer();
			String scheme = (schemePrefix != null) ? url.getScheme() : (chosen.isSecure() ? "https" : "http");
			URI requestUrl = reconstructURI(new DelegatingServiceInstance(chosen, scheme),
					exchange.getRequest().getURI());
			if (logger.isTraceEnabled()) {
				logger.trace("Load balancer of " + serviceId + ": url chosen: " + requestUrl);
			}
			exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, requestUrl);
			exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR, response);
			for (LoadBalancerLifecycle lifecycle : lifecycles) {
				lifecycle.onStartRequest(lbRequest, response);
			}
		}).then(chain.filter(exchange));
		if (lifecycles.isEmpty()) {
			return routed;
		}
		return routed.doOnError((failure) -> {
			Response<ServiceInstance> response = exchange
				.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
			for (LoadBalancerLifecycle lifecycle : lifecycles) {
				lifecycle
					.onComplete(new CompletionContext<>(CompletionContext.Status.FAILED, failure, lbRequest, response));
			}
		}).doOnSuccess((done) -> {
			Response<ServiceInstance> response = exchange
				.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
			ResponseData responseData = new ResponseData(exchange.getResponse(), requestData);
			for (LoadBalancerLifecycle lifecycle : lifecycles) {
				lifecycle.onComplete(
						new CompletionContext<>(CompletionContext.Status.SUCCESS, lbRequest, response, responseData));
			}
		});
	}

	/**
	 * The request as the load balancer sees it: the exchange's attributes (where the
	 * traffic policy's version choice is) and headers, and its cookies only when it sent
	 * any.
	 */
	private static RequestData requestData(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		Map<String, Object> attributes = exchange.getAttributes();
		if (request.getHeaders().containsHeader(HttpHeaders.COOKIE)) {
			return new RequestData(request, attributes);
		}
		return new RequestData(request.getMethod(), request.getURI(), request.getHeaders(), NO_COOKIES, attributes);
	}

	private ServiceLookup lookUp(String serviceId) {
		ReactorServiceInstanceLoadBalancer loadBalancer = this.clientFactory.getInstance(serviceId,
				ReactorServiceInstanceLoadBalancer.class);
		if (loadBalancer == null) {
			throw new NotFoundException("No loadbalancer available for " + serviceId);
		}
		Map<String, String> hints = this.clientFactory.getProperties(serviceId).getHint();
		String hint = hints.getOrDefault(serviceId, hints.getOrDefault("default", "default"));
		List<LoadBalancerLifecycle> lifecycles = List.copyOf(LoadBalancerLifecycleValidator
			.getSupportedLifecycleProcessors(this.clientFactory.getInstances(serviceId, LoadBalancerLifecycle.class),
					RequestDataContext.class, ResponseData.class, ServiceInstance.class));
		return new ServiceLookup(loadBalancer, lifecycles, hint);
	}

	/** What a service's requests need from its load-balancer context. */
	private record ServiceLookup(ReactorServiceInstanceLoadBalancer loadBalancer,
			List<LoadBalancerLifecycle> lifecycles, String hint) {
	}

}
