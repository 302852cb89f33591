/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.identity;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who this instance is: what it registers in Consul and shows on its responses.
 */
@ConfigurationProperties("junction.instance")
public class InstanceProperties {

	/**
	 * Unique id of this instance, also its Consul service id. Defaults to the application
	 * name, the registered address and the port (so an instance restarted in the same
	 * place replaces its dead entry in Consul), or the application name followed by a
	 * random suffix when the port is random ({@code server.port=0}).
	 */
	private @Nullable String id;

	/**
	 * Version of this instance (Consul metadata "version"). Defaults to the build's
	 * version (build-info, else the main class's Implementation-Version), else "unknown".
	 */
	private @Nullable String version;

	/**
	 * Zone of this instance (Consul metadata "zone"); consumers prefer instances of their
	 * own zone.
	 */
	private String zone = "default";

	public @Nullable String getId() {
		return this.id;
	}

	public void setId(@Nullable String id) {
		this.id = id;
	}

	public @Nullable String getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable String version) {
		this.version = version;
	}

	public String getZone() {
		return this.zone;
	}

	public void setZone(String zone) {
		this.zone = zone;
	}

}
