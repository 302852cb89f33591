/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Maps request paths to endpoints with Go {@code ServeMux} rules, as Consul does: a
 * pattern ending in {@code /} matches every path under it, any other pattern matches
 * exactly, and the longest pattern wins. A known path with the wrong method is a 405 with
 * an {@code Allow} header; an unknown path is Go's 404.
 */
final class Router {

	private final List<Route> routes = new ArrayList<>();

	Router add(String pattern, Endpoint endpoint, String... methods) {
		this.routes.add(new Route(pattern, List.of(methods), endpoint));
		this.routes.sort(Comparator.comparingInt((Route route) -> route.pattern().length()).reversed());
		return this;
	}

	void dispatch(ApiRequest request, Responder responder) {
		Route route = find(request.path());
		if (route == null) {
			responder.send(ApiResponse.text(HttpResponseStatus.NOT_FOUND, "404 page not found\n"));
			return;
		}
		String allow = String.join(",", route.methods()) + ",OPTIONS";
		if (request.method().equals("OPTIONS")) {
			responder.send(ApiResponse.ok().withHeader("Allow", allow));
			return;
		}
		if (!route.methods().contains(request.method())) {
			responder.send(ApiResponse
				.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method " + request.method() + " not allowed")
				.withHeader("Allow", allow));
			return;
		}
		String tail = request.path().substring(route.pattern().length());
		try {
			route.endpoint().handle(request, tail, responder);
		}
		catch (ApiException ex) {
			responder.send(ApiResponse.error(ex));
		}
	}

	private Route find(String path) {
		for (Route route : this.routes) {
			boolean prefix = route.pattern().endsWith("/");
			if (prefix ? path.startsWith(route.pattern()) : path.equals(route.pattern())) {
				return route;
			}
		}
		return null;
	}

	/** Handles the requests of one route. */
	@FunctionalInterface
	interface Endpoint {

		/**
		 * Handle a request.
		 * @param request the request
		 * @param tail what follows the route's pattern in the path (an ID, a key, a name)
		 * @param responder where to send the answer
		 */
		void handle(ApiRequest request, String tail, Responder responder);

	}

	private record Route(String pattern, List<String> methods, Endpoint endpoint) {

	}

}
