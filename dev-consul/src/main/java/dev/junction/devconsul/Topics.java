/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

/**
 * What a blocking query watches. A change publishes the topics it touched; only waiters
 * on those topics are re-evaluated.
 */
final class Topics {

	/** The set of services and their tags: {@code catalog/services}. */
	static final String SERVICES = "services";

	/** Any check: {@code health/state}. */
	static final String CHECKS = "checks";

	/** The KV store; waiters also filter by the keys that changed. */
	static final String KV = "kv";

	/** Sessions: {@code session/info}, {@code session/list}, {@code session/node}. */
	static final String SESSIONS = "sessions";

	/** The node list, which never changes. */
	static final String NODES = "nodes";

	private Topics() {
	}

	/** The instances and checks of one service name: {@code health/service/{name}}. */
	static String service(String name) {
		return "service:" + name;
	}

}
