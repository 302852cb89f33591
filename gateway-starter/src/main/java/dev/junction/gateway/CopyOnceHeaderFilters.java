/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.filter.headers.ForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Cloud Gateway's header filters for what the gateway sends on, with one copy of
 * the headers per request instead of one per filter.
 * <p>
 * Each of Spring Cloud Gateway's default filters ({@link RemoveForwardedHeadersFilter},
 * {@link RemoveXForwardedHeadersFilter}, {@link RemoveHopByHopHeadersFilter} on requests
 * and responses, {@link GRPCRequestHeadersFilter}) copies every header into a new
 * {@link HttpHeaders}, even when it removes nothing: four copies of each request's
 * headers and one more of each response's, about a fifth of what the gateway allocated
 * per proxied request. This post-processor replaces those beans, when they are Spring
 * Cloud Gateway's own classes (not a subclass a team declared), by subclasses that give
 * the same headers: the first one to run copies the request's read-only headers, leaving
 * out what it removes; the others find a plain {@link HttpHeaders}, which only a header
 * filter makes for the request being sent (as {@link AttributeHeaderFilter} also relies
 * on), and remove from it in place. The filters keep their order, their
 * {@code spring.cloud.gateway.server.webflux.filter.remove-hop-by-hop.*} settings and
 * what they remove; a filter a team adds between them still gets a copy it may change.
 */
public final class CopyOnceHeaderFilters implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> type = bean.getClass();
		if (type == RemoveForwardedHeadersFilter.class) {
			return new RemoveForwarded();
		}
		if (type == RemoveXForwardedHeadersFilter.class) {
			return new RemoveXForwarded();
		}
		if (type == RemoveHopByHopHeadersFilter.class) {
			return new RemoveHopByHop((RemoveHopByHopHeadersFilter) bean);
		}
		if (type == GRPCRequestHeadersFilter.class) {
			return new GrpcRequest();
		}
		return bean;
	}

	/**
	 * Whether headers are a copy a header filter made for the message being sent, which
	 * later filters may change: the request's own headers are read-only (a subclass).
	 * @param headers a header filter's input
	 * @return {@code true} for a plain {@link HttpHeaders}
	 */
	private static boolean isCopy(HttpHeaders headers) {
		return headers.getClass() == HttpHeaders.class;
	}

	/**
	 * Headers a filter may change: the same instance when it is a copy, else a new copy
	 * (which, like {@link HttpHeaders#headerSet()} that Spring Cloud Gateway's filters
	 * copy from, has a name sent in two spellings once, with the values of both). Every
	 * Junction header filter that changes what is sent starts from here.
	 * @param input a header filter's input
	 * @return headers the filter may change and return
	 */
	static HttpHeaders changeable(HttpHeaders input) {
		return isCopy(input) ? input : HttpHeaders.copyOf(input);
	}

	/** {@link RemoveForwardedHeadersFilter}: the {@code Forwarded} header goes. */
	static final class RemoveForwarded extends RemoveForwardedHeadersFilter {

		@Override
		public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
			HttpHeaders headers = changeable(input);
			headers.remove(ForwardedHeadersFilter.FORWARDED_HEADER);
			return headers;
		}

	}

	/** {@link RemoveXForwardedHeadersFilter}: every {@code X-Forwarded-*} header goes. */
	static final class RemoveXForwarded extends RemoveXForwardedHeadersFilter {

		private static final String PREFIX = "x-forwarded-";

		@Override
		public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
			HttpHeaders headers = changeable(input);
			List<String> forwarded = null;
			for (String name : headers.headerNames()) {
				if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
					forwarded = (forwarded != null) ? forwarded : new ArrayList<>(4);
					forwarded.add(name);
				}
			}
			if (forwarded != null) {
				forwarded.forEach(headers::remove);
			}
			return headers;
		}

	}

	/**
	 * {@link RemoveHopByHopHeadersFilter}, on requests and responses: its headers, and
	 * those the {@code Connection} header names, go.
	 */
	static final class RemoveHopByHop extends RemoveHopByHopHeadersFilter {

		RemoveHopByHop(RemoveHopByHopHeadersFilter configured) {
			setHeaders(configured.getHeaders());
			setOrder(configured.getOrder());
		}

		@Override
		public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
			HttpHeaders headers = changeable(input);
			List<String> connectionOptions = headers.containsHeader(HttpHeaders.CONNECTION) ? headers.getConnection()
					: List.of();
			for (String name : getHeaders()) {
				headers.remove(name);
			}
			for (String option : connectionOptions) {
				headers.remove(option);
			}
			return headers;
		}

	}

	/**
	 * {@link GRPCRequestHeadersFilter}: a gRPC request says it accepts trailers
	 * ({@code te: trailers}).
	 */
	static final class GrpcRequest extends GRPCRequestHeadersFilter {

		@Override
		public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
			HttpHeaders headers = changeable(input);
			if (isGrpc(headers.getFirst(HttpHeaders.CONTENT_TYPE))) {
				headers.add("te", "trailers");
			}
			return headers;
		}

		private static boolean isGrpc(@Nullable String contentType) {
			return StringUtils.startsWithIgnoreCase(contentType, "application/grpc");
		}

	}

}
