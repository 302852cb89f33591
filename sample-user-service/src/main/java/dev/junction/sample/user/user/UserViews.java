/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import dev.junction.starter.identity.InstanceIdentity;

import org.springframework.stereotype.Component;

/**
 * Turns a {@link User} into what this instance's version shows. {@code v2} adds a
 * {@code greeting}, so a canary is visible in every response body and not only in the
 * {@code Junction-Instance-Version} header. The version is the one the instance registers
 * with ({@code junction.instance.version}), so what Consul says and what the API shows
 * cannot disagree.
 */
@Component
class UserViews {

	static final String GREETING_VERSION = "v2";

	private final boolean greets;

	UserViews(InstanceIdentity identity) {
		this.greets = GREETING_VERSION.equals(identity.version());
	}

	UserResponse of(User user) {
		String greeting = this.greets ? "Hello, " + user.name() + "!" : null;
		return new UserResponse(user.id(), user.name(), user.email(), user.orderCount(), greeting);
	}

}
