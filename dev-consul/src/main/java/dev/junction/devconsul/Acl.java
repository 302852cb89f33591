/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Consul ACLs reduced to what a development agent needs: off, or on with
 * {@code default_policy = deny} and one management token. Without the token, writes and
 * KV reads are refused with 403, reads of services, health and catalog come back empty,
 * and a token that is not the right one is "ACL not found" everywhere, as in Consul.
 */
final class Acl {

	private static final String ANONYMOUS_HINT = ". The anonymous token is used implicitly when a request does not specify a token.";

	private final byte[] token;

	Acl(String token) {
		this.token = (token != null) ? token.getBytes(StandardCharsets.UTF_8) : null;
	}

	/**
	 * Whether the request may read everything; false means it reads as the anonymous
	 * token, which sees nothing.
	 * @throws ApiException 403 "ACL not found" for a token that does not exist
	 */
	boolean canRead(ApiRequest request) {
		return resolve(request);
	}

	/**
	 * Require a permission that is refused rather than filtered (writes, KV reads, agent
	 * reads).
	 * @param request the request
	 * @param permission what Consul calls the permission ({@code service:write})
	 * @param resource the resource name
	 * @throws ApiException 403 "Permission denied" for the anonymous token
	 */
	void require(ApiRequest request, String permission, String resource) {
		if (!resolve(request)) {
			throw new ApiException(HttpResponseStatus.FORBIDDEN, "Permission denied: anonymous token lacks permission '"
					+ permission + "' on " + ApiException.quote(resource) + ANONYMOUS_HINT);
		}
	}

	private boolean resolve(ApiRequest request) {
		if (this.token == null) {
			return true;
		}
		String given = request.token();
		if (given.isEmpty() || given.equals("anonymous")) {
			return false;
		}
		if (!MessageDigest.isEqual(this.token, given.getBytes(StandardCharsets.UTF_8))) {
			throw ApiException.forbidden("ACL not found");
		}
		return true;
	}

}
