/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.http.server.PathContainer;

/**
 * A tree of the literal leading path segments of the routes' {@code Path} predicates, so
 * a request is only tested against the routes whose prefix it actually has. The index
 * only prunes: every candidate still has its full predicate tested, in the routes' order,
 * so matching is exactly Spring Cloud Gateway's. A route without a {@code Path}
 * predicate, or whose patterns start with a wildcard or variable, or that comes from a
 * {@code RouteLocator} without a definition (the Java DSL), is a candidate for every
 * request.
 */
final class RouteIndex {

	private static final String PATH_PREDICATE = "Path";

	private static final Pattern LITERAL_SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

	private final Node root = new Node();

	private final int size;

	private RouteIndex(List<Route> routes, Map<String, RouteDefinition> definitions) {
		this.size = routes.size();
		for (int position = 0; position < routes.size(); position++) {
			Route route = routes.get(position);
			List<List<String>> prefixes = literalPrefixes(definitions.get(route.getId()));
			if (prefixes == null) {
				this.root.add(position, route);
				continue;
			}
			for (List<String> prefix : prefixes) {
				Node node = this.root;
				for (String segment : prefix) {
					node = node.children.computeIfAbsent(segment, (key) -> new Node());
				}
				node.add(position, route);
			}
		}
		this.root.settle(new TreeMap<>(), List.of());
	}

	static RouteIndex of(List<Route> routes, Map<String, RouteDefinition> definitions) {
		return new RouteIndex(routes, definitions);
	}

	int size() {
		return this.size;
	}

	/**
	 * The routes that may match a path, in the routes' order.
	 * @param path the request path within the application
	 * @return the candidates
	 */
	List<Route> candidates(PathContainer path) {
		Node node = this.root;
		for (PathContainer.Element element : path.elements()) {
			if (element instanceof PathContainer.PathSegment segment) {
				Node child = node.children.get(segment.valueToMatch());
				if (child == null) {
					break;
				}
				node = child;
			}
		}
		return node.candidates;
	}

	/**
	 * The literal leading segments of each pattern of a definition's {@code Path}
	 * predicate, or {@code null} when the route cannot be indexed.
	 */
	private static @Nullable List<List<String>> literalPrefixes(@Nullable RouteDefinition definition) {
		if (definition == null) {
			return null;
		}
		for (PredicateDefinition predicate : definition.getPredicates()) {
			if (PATH_PREDICATE.equals(predicate.getName())) {
				List<List<String>> prefixes = new ArrayList<>();
				for (String value : predicate.getArgs().values()) {
					if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
						prefixes.add(literalPrefix(value));
					}
				}
				return prefixes.isEmpty() ? null : prefixes;
			}
		}
		return null;
	}

	private static List<String> literalPrefix(String pattern) {
		List<String> prefix = new ArrayList<>();
		String path = pattern.startsWith("/") ? pattern.substring(1) : pattern;
		for (String segment : path.split("/", -1)) {
			if (!LITERAL_SEGMENT.matcher(segment).matches()) {
				break;
			}
			prefix.add(segment);
		}
		return prefix;
	}

	private static final class Node {

		private final Map<String, Node> children = new HashMap<>();

		private final Map<Integer, Route> routes = new HashMap<>();

		/**
		 * The routes of this node and of the nodes above it, in the routes' order: the
		 * candidates of a path that reaches no deeper, worked out once when the index is
		 * built rather than for each request.
		 */
		private List<Route> candidates = List.of();

		void add(int position, Route route) {
			this.routes.put(position, route);
		}

		void settle(TreeMap<Integer, Route> above, List<Route> aboveCandidates) {
			TreeMap<Integer, Route> here = above;
			this.candidates = aboveCandidates;
			if (!this.routes.isEmpty()) {
				// a node without routes of its own shares the list above it
				here = new TreeMap<>(above);
				here.putAll(this.routes);
				this.candidates = List.copyOf(here.values());
			}
			for (Node child : this.children.values()) {
				child.settle(here, this.candidates);
			}
		}

	}

}
