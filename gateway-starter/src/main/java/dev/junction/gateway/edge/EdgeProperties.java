/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How the gateway treats what clients send it before anything is routed.
 */
@ConfigurationProperties("junction.gateway.edge")
public class EdgeProperties {

	/**
	 * Addresses or CIDR ranges of proxies whose X-Forwarded-For is believed. Empty: the
	 * socket peer is always the client.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * Largest request body a route accepts unless it has its own limit; larger ones are
	 * answered 413 and never forwarded.
	 */
	private DataSize maxBodySize = DataSize.ofMegabytes(1);

	/**
	 * Largest request body per route id, overriding max-body-size.
	 */
	private Map<String, DataSize> routeMaxBodySize = new LinkedHashMap<>();

	/**
	 * Longest silence between reads while a request is being received; a slower client is
	 * disconnected.
	 */
	private Duration readTimeout = Duration.ofSeconds(10);

	/**
	 * Longest time to receive a whole request (headers and body).
	 */
	private Duration requestTimeout = Duration.ofSeconds(30);

	/**
	 * Retry-After of a 503 answer that does not set its own.
	 */
	private Duration retryAfter = Duration.ofSeconds(5);

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public Map<String, DataSize> getRouteMaxBodySize() {
		return this.routeMaxBodySize;
	}

	public void setRouteMaxBodySize(Map<String, DataSize> routeMaxBodySize) {
		this.routeMaxBodySize = routeMaxBodySize;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	public void setRetryAfter(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

}
