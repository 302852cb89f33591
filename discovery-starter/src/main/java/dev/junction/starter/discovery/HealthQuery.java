/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.util.StringUtils;

import static dev.junction.starter.consul.ConsulBlockingQueries.encode;

/**
 * The {@code /v1/health/service/<name>?passing} query of a watch, from
 * spring-cloud-consul's own settings (query tags, datacenters, consistency mode), so the
 * watch asks exactly what its {@code DiscoveryClient} would. The agent's address, the ACL
 * token, {@code index} and {@code wait} are the
 * {@link dev.junction.starter.consul.ConsulBlockingQuery}'s.
 */
final class HealthQuery {

	private final ConsulDiscoveryProperties discovery;

	HealthQuery(ConsulDiscoveryProperties discovery) {
		this.discovery = discovery;
	}

	String pathAndQuery(String serviceId) {
		StringBuilder uri = new StringBuilder("/v1/health/service/").append(encode(serviceId)).append("?passing");
		String[] tags = this.discovery.getQueryTagsForService(serviceId);
		if (tags != null) {
			for (String tag : tags) {
				uri.append("&tag=").append(encode(tag));
			}
		}
		String datacenter = this.discovery.getDatacenters().get(serviceId);
		if (StringUtils.hasText(datacenter)) {
			uri.append("&dc=").append(encode(datacenter));
		}
		ConsulDiscoveryProperties.ConsistencyMode mode = this.discovery.getConsistencyMode();
		if (mode == ConsulDiscoveryProperties.ConsistencyMode.STALE) {
			uri.append("&stale");
		}
		else if (mode == ConsulDiscoveryProperties.ConsistencyMode.CONSISTENT) {
			uri.append("&consistent");
		}
		return uri.toString();
	}

}
