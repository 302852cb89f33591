/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Query parameters shared by the catalog, health and KV endpoints.
 */
final class Queries {

	private static final Map<String, String> NODE_META = Map.of("consul-network-segment", "");

	private Queries() {
	}

	/**
	 * Refuse what the agent cannot answer truthfully: another datacenter (Consul: "No
	 * path to datacenter") and {@code filter} expressions, which it does not evaluate.
	 */
	static void check(ApiRequest request, NodeInfo node) {
		String datacenter = request.param("dc");
		if (datacenter != null && !datacenter.isEmpty() && !datacenter.equals(node.datacenter())) {
			throw new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "No path to datacenter");
		}
		String filter = request.param("filter");
		if (filter != null && !filter.isEmpty()) {
			throw ApiException.badRequest("Failed to create boolean expression evaluator: "
					+ "filter expressions are not supported by the dev Consul agent");
		}
	}

	/** Mark an answer that ACLs emptied, as Consul does. */
	static ApiResponse filtered(ApiResponse response, boolean allowed) {
		return allowed ? response : response.withHeader("X-Consul-Results-Filtered-By-ACLs", "true");
	}

	/** Whether the agent's node matches every {@code node-meta=key:value} given. */
	static boolean nodeMetaMatches(ApiRequest request) {
		Map<String, String> wanted = new LinkedHashMap<>();
		for (String pair : request.params("node-meta")) {
			int colon = pair.indexOf(':');
			wanted.put((colon >= 0) ? pair.substring(0, colon) : pair, (colon >= 0) ? pair.substring(colon + 1) : "");
		}
		return wanted.entrySet().stream().allMatch((entry) -> entry.getValue().equals(NODE_META.get(entry.getKey())));
	}

	/**
	 * Whether a service carries every tag asked for (repeated {@code tag=} are ANDed).
	 */
	static boolean hasTags(ServiceDefinition service, List<String> tags) {
		return tags.stream().allMatch(service::hasTag);
	}

}
