/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.ConsulHttp;

/**
 * Registers and deregisters service instances in the dev Consul agent through its HTTP
 * API ({@link ConsulHttp}), the way a real instance (or an operator) would.
 */
final class AgentRegistrations {

	static final String USER_SERVICE = "sample-user-service";

	private AgentRegistrations() {
	}

	/**
	 * Registers an instance of user-service at {@code 127.0.0.1:port}, without checks.
	 */
	static void registerUserService(DevConsulExtension consul, String id, int port) {
		ConsulHttp.register(consul.baseUrl(), """
				{"ID": "%s", "Name": "%s", "Address": "127.0.0.1", "Port": %d,
				 "Meta": {"version": "v1", "zone": "default"}}""".formatted(id, USER_SERVICE, port));
	}

	static void deregister(DevConsulExtension consul, String id) {
		ConsulHttp.deregister(consul.baseUrl(), id);
	}

}
