/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * A service instance as registered. Equality decides whether a re-registration changed
 * anything (an identical one must not move {@code catalog/services}).
 *
 * @param id the service ID
 * @param name the service name
 * @param tags the tags, in registration order
 * @param address the service address, possibly empty
 * @param meta the metadata
 * @param port the port
 * @param enableTagOverride Consul's {@code EnableTagOverride}
 * @param weightPassing the DNS weight while passing
 * @param weightWarning the DNS weight while warning
 * @param taggedAddresses tagged addresses as sent, or {@code null}
 */
record ServiceDefinition(String id, String name, List<String> tags, String address, Map<String, String> meta, int port,
		boolean enableTagOverride, int weightPassing, int weightWarning, ObjectNode taggedAddresses) {

	boolean hasTag(String tag) {
		return this.tags.stream().anyMatch((candidate) -> candidate.equalsIgnoreCase(tag));
	}

}
