/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.registration;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.starter.JunctionMetadata;
import dev.junction.starter.identity.InstanceIdentity;

import org.springframework.cloud.consul.model.http.agent.NewService;
import org.springframework.cloud.consul.serviceregistry.ConsulRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulRegistrationCustomizer;

/**
 * Puts the instance's {@code version} and {@code zone} into its Consul metadata, where
 * consumers (version and zone preference) and the gateway's canary policy read them.
 * Values a user configured under {@code spring.cloud.consul.discovery.metadata} win.
 */
public class InstanceMetadataRegistrationCustomizer implements ConsulRegistrationCustomizer {

	private final InstanceIdentity identity;

	public InstanceMetadataRegistrationCustomizer(InstanceIdentity identity) {
		this.identity = identity;
	}

	@Override
	public void customize(ConsulRegistration registration) {
		NewService service = registration.getService();
		Map<String, String> meta = (service.getMeta() != null) ? new LinkedHashMap<>(service.getMeta())
				: new LinkedHashMap<>();
		meta.putIfAbsent(JunctionMetadata.VERSION, this.identity.version());
		meta.putIfAbsent(JunctionMetadata.ZONE, this.identity.zone());
		service.setMeta(meta);
	}

}
