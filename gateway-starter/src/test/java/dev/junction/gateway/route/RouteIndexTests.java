/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.route;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.http.server.PathContainer;
import java.util.ArrayList;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;

class RouteIndexTests {

	private final List<Route> routes = List.of(route("users"), route("orders"), route("by-host"), route("java-dsl"),
			route("user-admin"), route("any-api"));

	private final Map<String, RouteDefinition> definitions = Map.of("users", definition("users", "Path=/api/users/**"),
			"orders", definition("orders", "Path=/api/orders/**,/orders/**"), "by-host",
			definition("by-host", "Host=**.example.org"), "user-admin",
			definition("user-admin", "Path=/api/users/admin/{id}"), "any-api", definition("any-api", "Path=/api/*/x"));

	private final RouteIndex index = RouteIndex.of(this.routes, this.definitions);

	@Test
	void aPathIsTestedOnlyAgainstRoutesWithItsPrefixAndUnindexableOnesInRouteOrder() {
		assertThat(ids("/api/users/7")).containsExactly("users", "by-host", "java-dsl", "any-api");
		assertThat(ids("/api/users/admin/7")).containsExactly("users", "by-host", "java-dsl", "user-admin", "any-api");
		assertThat(ids("/orders/1")).containsExactly("orders", "by-host", "java-dsl");
		assertThat(ids("/api/orders")).containsExactly("orders", "by-host", "java-dsl", "any-api");
		assertThat(ids("/elsewhere")).containsExactly("by-host", "java-dsl");
	}

	@Test
	void addingRoutesForOtherPrefixesDoesNotAddCandidates() {
		List<Route> many = new ArrayList<>(this.routes);
		Map<String, RouteDefinition> manyDefinitions = new HashMap<>(this.definitions);
		for (int i = 0; i < 5_000; i++) {
			many.add(route("tenant-" + i));
			manyDefinitions.put("tenant-" + i, definition("tenant-" + i, "Path=/tenants/t" + i + "/**"));
		}
		RouteIndex large = RouteIndex.of(many, manyDefinitions);
		assertThat(large.candidates(PathContainer.parsePath("/api/users/7"))).hasSize(4);
		assertThat(large.candidates(PathContainer.parsePath("/tenants/t4711/a"))).extracting(Route::getId)
			.containsExactly("by-host", "java-dsl", "tenant-4711");
	}

	@Test
	void aRouteWhosePatternsNestIsACandidateOnce() {
		List<Route> nested = List.of(route("api"), route("users"));
		Map<String, RouteDefinition> nestedDefinitions = Map.of("api",
				definition("api", "Path=/api/**,/api/users/admin/**"), "users",
				definition("users", "Path=/api/users/**"));
		RouteIndex index = RouteIndex.of(nested, nestedDefinitions);
		assertThat(index.candidates(PathContainer.parsePath("/api/users/admin/7"))).extracting(Route::getId)
			.containsExactly("api", "users");
		assertThat(index.candidates(PathContainer.parsePath("/api/users/7"))).extracting(Route::getId)
			.containsExactly("api", "users");
		assertThat(index.candidates(PathContainer.parsePath("/api/orders"))).extracting(Route::getId)
			.containsExactly("api");
		assertThat(index.candidates(PathContainer.parsePath("/other"))).isEmpty();
	}

	private List<String> ids(String path) {
		return this.index.candidates(PathContainer.parsePath(path)).stream().map(Route::getId).toList();
	}

	private static Route route(String id) {
		return Route.async().id(id).uri(URI.create("lb://" + id)).predicate((exchange) -> true).build();
	}

	private static RouteDefinition definition(String id, String predicate) {
		RouteDefinition definition = new RouteDefinition();
		definition.setId(id);
		definition.setPredicates(List.of(new PredicateDefinition(predicate)));
		return definition;
	}

}
