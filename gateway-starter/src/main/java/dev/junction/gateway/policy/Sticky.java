/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

/**
 * Where the key of a weighted canary choice comes from. The same key always lands in the
 * same bucket, so a user stays on one version while the weight is unchanged.
 */
public enum Sticky {

	/** No key: every request draws at random. */
	NONE,

	/** A request header, {@code X-User-Id} by default. */
	HEADER,

	/** A cookie. */
	COOKIE,

	/**
	 * The client's address (the socket peer, or the forwarded address when the peer is a
	 * trusted proxy). Only when a policy names it: many users can share one address.
	 */
	CLIENT_ADDRESS

}
