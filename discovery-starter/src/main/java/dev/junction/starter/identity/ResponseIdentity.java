/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.identity;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.serviceregistry.Registration;

/**
 * The header values of the identity filters. The instance id is looked up lazily: it is
 * the id the service registry actually registered (which a user may have configured
 * directly), and the registration cannot be asked for while it is still being built.
 */
final class ResponseIdentity {

	private final InstanceIdentity identity;

	private final ObjectProvider<Registration> registration;

	private volatile @Nullable String instanceId;

	ResponseIdentity(InstanceIdentity identity, ObjectProvider<Registration> registration) {
		this.identity = identity;
		this.registration = registration;
	}

	String instanceId() {
		String id = this.instanceId;
		if (id == null) {
			Registration registered = this.registration.getIfUnique();
			id = (registered != null && registered.getInstanceId() != null) ? registered.getInstanceId()
					: this.identity.id();
			this.instanceId = id;
		}
		return id;
	}

	String version() {
		return this.identity.version();
	}

}
