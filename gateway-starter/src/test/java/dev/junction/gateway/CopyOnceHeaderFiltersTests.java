/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.Type;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header filters that copy once send on exactly the headers Spring Cloud Gateway's
 * own filters send, in the same order, for requests and for responses, whatever the
 * client or the service sent: forged {@code Forwarded} and {@code X-Forwarded-*} headers,
 * hop-by-hop headers in any case, headers a {@code Connection} header names, gRPC
 * content, a body both chunked and with a length. The chain is the gateway's as a proxied
 * request meets it (Spring Cloud Gateway's default header filters, with no trusted
 * proxies, and Junction's own correlation id filter), sorted as the routing filter sorts
 * it.
 */
class CopyOnceHeaderFiltersTests {

	private static final List<String> NAMES = List.of("Host", "Accept", "Forwarded", "forwarded", "X-Forwarded-For",
			"x-forwarded-proto", "X-Forwarded-Host", "X-Forwarded", "X-Forwardedfor", "Connection", "Keep-Alive",
			"keep-alive", "TE", "Trailer", "Transfer-Encoding", "Content-Length", "Proxy-Authorization",
			"Proxy-Authenticate", "Upgrade", "X-Application-Context", "X-Hop", "x-hop", "X-Kept", "Content-Type",
			"X-Correlation-Id", "Cookie");

	private static final List<String> VALUES = List.of("a", "b, c", "", "X-Hop", "x-kept, X-HOP", "keep-alive", "close",
			"Upgrade", "chunked", " Chunked ", "gzip, chunked", "10", "application/grpc", "application/grpc+proto",
			"application/json", "for=192.0.2.1", "trailers");

	@Property(tries = 2000)
	void requestsAreSentOnWithTheHeadersSpringCloudGatewaysFiltersGive(
			@ForAll("headers") List<Tuple2<String, String>> sent) {
		ServerWebExchange exchange = exchange(sent);
		exchange.getAttributes().put("correlation", "id-1");
		HttpHeaders expected = HttpHeadersFilter.filterRequest(springCloudGateways(), exchange);
		HttpHeaders actual = HttpHeadersFilter.filterRequest(copyingOnce(), exchange);
		assertThat(entries(actual)).isEqualTo(entries(expected));
	}

	@Property(tries = 2000)
	void responsesArePassedBackWithTheHeadersSpringCloudGatewaysFiltersGive(
			@ForAll("headers") List<Tuple2<String, String>> received) {
		ServerWebExchange exchange = exchange(List.of());
		HttpHeaders expected = HttpHeadersFilter.filter(springCloudGateways(), headers(received), exchange,
				Type.RESPONSE);
		HttpHeaders actual = HttpHeadersFilter.filter(copyingOnce(), headers(received), exchange, Type.RESPONSE);
		assertThat(entries(actual)).isEqualTo(entries(expected));
	}

	@Test
	void aRequestsHeadersAreCopiedOnceAndItsOwnAreLeftAlone() {
		ServerWebExchange exchange = exchange(List.of(Tuple.of("Host", "a"), Tuple.of("X-Forwarded-For", "6.6.6.6"),
				Tuple.of("Connection", "X-Hop"), Tuple.of("X-Hop", "secret"), Tuple.of("X-Kept", "yes")));
		List<HttpHeaders> inputs = new ArrayList<>();
		List<HttpHeadersFilter> filters = new ArrayList<>();
		for (HttpHeadersFilter filter : copyingOnce()) {
			filters.add((input, given) -> {
				inputs.add(input);
				return filter.filter(input, given);
			});
		}
		HttpHeaders sent = HttpHeadersFilter.filterRequest(filters, exchange);
		// the first filter copies the request's read-only headers, the others change it
		assertThat(inputs.get(0)).isSameAs(exchange.getRequest().getHeaders());
		assertThat(inputs.subList(1, inputs.size())).allSatisfy((input) -> assertThat(input).isSameAs(sent));
		assertThat(sent.headerNames()).containsExactly("Host", "X-Kept");
		assertThat(exchange.getRequest().getHeaders().headerNames()).contains("X-Forwarded-For", "Connection", "X-Hop");
	}

	@Test
	void aHopByHopListATeamConfiguredIsKept() {
		RemoveHopByHopHeadersFilter configured = new RemoveHopByHopHeadersFilter();
		configured.setHeaders(Set.of("X-Internal"));
		configured.setOrder(42);
		RemoveHopByHopHeadersFilter replaced = (RemoveHopByHopHeadersFilter) new CopyOnceHeaderFilters()
			.postProcessAfterInitialization(configured, "removeHopByHopHeadersFilter");
		assertThat(replaced).isNotSameAs(configured);
		assertThat(replaced.getOrder()).isEqualTo(42);
		HttpHeaders sent = replaced.filter(headers(List.of(Tuple.of("x-internal", "1"), Tuple.of("Keep-Alive", "5"))),
				exchange(List.of()));
		assertThat(sent.headerNames()).containsExactly("Keep-Alive");
	}

	@Test
	void aSubclassATeamDeclaredIsNotReplaced() {
		RemoveHopByHopHeadersFilter own = new RemoveHopByHopHeadersFilter() {
		};
		assertThat(new CopyOnceHeaderFilters().postProcessAfterInitialization(own, "own")).isSameAs(own);
	}

	private static List<HttpHeadersFilter> springCloudGateways() {
		List<HttpHeadersFilter> filters = new ArrayList<>(
				List.of(new RemoveForwardedHeadersFilter(), new RemoveXForwardedHeadersFilter(),
						new TransferEncodingNormalizationHeadersFilter(), new RemoveHopByHopHeadersFilter(),
						new GRPCRequestHeadersFilter(), new AttributeHeaderFilter("correlation", "X-Correlation-Id")));
		AnnotationAwareOrderComparator.sort(filters);
		return filters;
	}

	private static List<HttpHeadersFilter> copyingOnce() {
		CopyOnceHeaderFilters postProcessor = new CopyOnceHeaderFilters();
		List<HttpHeadersFilter> filters = new ArrayList<>();
		for (HttpHeadersFilter filter : springCloudGateways()) {
			filters.add((HttpHeadersFilter) postProcessor.postProcessAfterInitialization(filter, "filter"));
		}
		AnnotationAwareOrderComparator.sort(filters);
		assertThat(filters).hasSameSizeAs(springCloudGateways());
		return filters;
	}

	private static ServerWebExchange exchange(List<Tuple2<String, String>> sent) {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/users/1").headers(headers(sent)));
	}

	private static HttpHeaders headers(List<Tuple2<String, String>> pairs) {
		HttpHeaders headers = new HttpHeaders();
		pairs.forEach((pair) -> headers.add(pair.get1(), pair.get2()));
		return headers;
	}

	/** Every header's name as sent and its values, in the order they are sent. */
	private static List<String> entries(HttpHeaders headers) {
		List<String> entries = new ArrayList<>();
		headers.forEach((name, values) -> entries.add(name + ": " + values));
		return entries;
	}

	@Provide
	Arbitrary<List<Tuple2<String, String>>> headers() {
		Arbitrary<Tuple2<String, String>> header = Combinators.combine(Arbitraries.of(NAMES), Arbitraries.of(VALUES))
			.as(Tuple::of);
		return header.list().ofMaxSize(12);
	}

}
