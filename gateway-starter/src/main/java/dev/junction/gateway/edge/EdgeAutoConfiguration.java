/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.util.Arrays;

import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;

import dev.junction.gateway.AttributeHeaderFilter;
import dev.junction.gateway.CopyOnceHeaderFilters;
import dev.junction.starter.JunctionHeaders;

/**
 * What the edge does with requests before and around routing: the client address (trusted
 * proxies), problem answers for every error (the HTTP server's own refusals included),
 * refusal of ambiguous paths and oversized bodies, the server's read timeouts for slow
 * clients, pipelined requests handled one at a time, and the headers sent on copied once
 * per request.
 */
@AutoConfiguration(before = ErrorWebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(GlobalFilter.class)
@EnableConfigurationProperties(EdgeProperties.class)
public final class EdgeAutoConfiguration {

	@Bean
	static CopyOnceHeaderFilters junctionCopyOnceHeaderFilters() {
		return new CopyOnceHeaderFilters();
	}

	@Bean
	@ConditionalOnMissingBean
	ClientAddressResolver junctionClientAddressResolver(EdgeProperties properties) {
		return new ClientAddressResolver(properties.getTrustedProxies());
	}

	@Bean
	@ConditionalOnMissingBean(ErrorWebExceptionHandler.class)
	ProblemErrorWebExceptionHandler junctionProblemErrorWebExceptionHandler(EdgeProperties properties) {
		return new ProblemErrorWebExceptionHandler(properties.getRetryAfter());
	}

	@Bean
	@ConditionalOnMissingBean
	AmbiguousPathWebFilter junctionAmbiguousPathWebFilter() {
		return new AmbiguousPathWebFilter();
	}

	@Bean
	@ConditionalOnMissingBean
	CorrelationIdWebFilter junctionCorrelationIdWebFilter() {
		return new CorrelationIdWebFilter();
	}

	@Bean
	@ConditionalOnMissingBean(name = "junctionCorrelationIdHeaderFilter")
	AttributeHeaderFilter junctionCorrelationIdHeaderFilter() {
		return new AttributeHeaderFilter(CorrelationIdWebFilter.REPLACEMENT_ATTRIBUTE, JunctionHeaders.CORRELATION_ID);
	}

	@Bean
	@ConditionalOnMissingBean
	BodySizeLimitFilter junctionBodySizeLimitFilter(EdgeProperties properties) {
		return new BodySizeLimitFilter(properties.getMaxBodySize(), properties.getRouteMaxBodySize());
	}

	@Bean
	@ConditionalOnMissingBean
	DroppedErrorLogging junctionDroppedErrorLogging() {
		return new DroppedErrorLogging();
	}

	@Bean
	NoRouteHandlerMapping junctionNoRouteHandlerMapping() {
		return new NoRouteHandlerMapping();
	}

	@Bean
	@ConditionalOnClass(NettyServerCustomizer.class)
	NettyServerCustomizer junctionHttp11EdgeHandlers(EdgeProperties properties) {
		return new Http11EdgeHandlers(properties.getReadTimeout(), properties.getRequestTimeout());
	}

	/**
	 * Reactor Netty's own read and request timeouts, only where HTTP/2 is on: on HTTP/1.1
	 * connections {@link RequestTimeouts} keeps them, as Reactor Netty's hold every
	 * exchange answered before its request's end in memory for the whole request timeout.
	 */
	@Bean
	@ConditionalOnClass(NettyServerCustomizer.class)
	NettyServerCustomizer junctionSlowClientCustomizer(EdgeProperties properties) {
		return (server) -> {
			boolean http2 = Arrays.stream(server.configuration().protocols())
				.anyMatch((protocol) -> protocol == HttpProtocol.H2 || protocol == HttpProtocol.H2C);
			return http2
					? server.readTimeout(properties.getReadTimeout()).requestTimeout(properties.getRequestTimeout())
					: server;
		};
	}

}
