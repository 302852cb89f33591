/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

/**
 * Keys of the instance metadata every Junction service registers in Consul, defined once
 * (the README's "Names and ports").
 */
public final class JunctionMetadata {

	/**
	 * The instance's version ({@code junction.instance.version}, else the build's
	 * version). Canary policies and {@link JunctionHeaders#VERSION} match against it.
	 */
	public static final String VERSION = "version";

	/**
	 * The instance's zone ({@code junction.instance.zone}); consumers prefer instances of
	 * their own zone.
	 */
	public static final String ZONE = "zone";

	private JunctionMetadata() {
	}

}
