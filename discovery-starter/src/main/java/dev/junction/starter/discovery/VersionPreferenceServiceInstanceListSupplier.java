/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.JunctionMetadata;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;

/**
 * Prefers the instances whose {@code version} metadata equals the outgoing request's
 * {@code Junction-Version} header, and falls back to all instances when none has it (the
 * version choice made at the edge is a preference for the next hop, not a filter that
 * could fail the call). Spring Cloud's hint-based supplier does the same with a fixed
 * {@code hint} metadata key, which is why this one exists.
 * <p>
 * The header is read from the load balancer's request context, which both the blocking
 * and the reactive clients (and the gateway) fill from the outgoing request, where the
 * starter's clients put the version they carry on.
 * <p>
 * A caller that must not fall back (the gateway, for a traffic policy that forbids it)
 * sets the request attribute {@link #STRICT_VERSION_ATTRIBUTE}: then only instances of
 * the version are offered, none when it has none, and the load balancer answers that it
 * found no instance. It is an attribute, not a header, because the gateway hands its
 * exchange attributes (and the reactive client its request attributes) to the load
 * balancer in {@link RequestData#getAttributes()}: nothing a client sends can set it, and
 * nothing travels on to the service.
 */
public class VersionPreferenceServiceInstanceListSupplier extends DelegatingServiceInstanceListSupplier {

	/**
	 * Load-balancer request attribute: {@link Boolean#TRUE} makes the requested version a
	 * filter instead of a preference.
	 */
	public static final String STRICT_VERSION_ATTRIBUTE = VersionPreferenceServiceInstanceListSupplier.class.getName()
			+ ".strict";

	/**
	 * Load-balancer request attribute: {@link Boolean#TRUE} says that a person asked for
	 * the version by name (the gateway's canary header or cookie), so when outlier
	 * detection ejects every instance of it, those instances are still offered rather
	 * than another version's: a canary that a rollout rolled back stays reachable for
	 * debugging. Weighted and propagated choices never set it.
	 */
	public static final String EXPLICIT_VERSION_ATTRIBUTE = VersionPreferenceServiceInstanceListSupplier.class.getName()
			+ ".explicit";

	/**
	 * Load-balancer request attribute naming the version a request must reach, which wins
	 * over its {@code X-Junction-Version} header: the gateway decides the version per
	 * request and hands it over here without copying the request's headers to add one. An
	 * attribute, so no client can set it.
	 */
	public static final String REQUESTED_VERSION_ATTRIBUTE = VersionPreferenceServiceInstanceListSupplier.class
		.getName() + ".version";

	VersionPreferenceServiceInstanceListSupplier(ServiceInstanceListSupplier delegate) {
		super(delegate);
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return getDelegate().get();
	}

	@Override
	public Flux<List<ServiceInstance>> get(Request request) {
		String version = requestedVersion(request);
		Flux<List<ServiceInstance>> instances = getDelegate().get(request);
		if (version == null) {
			return instances;
		}
		boolean strict = isStrict(request);
		return instances.map((list) -> selectVersion(list, version, strict));
	}

	static @Nullable String requestedVersion(@Nullable Request request) {
		Object context = (request != null) ? request.getContext() : null;
		if (context instanceof RequestDataContext dataContext) {
			RequestData data = dataContext.getClientRequest();
			Map<String, Object> attributes = (data != null) ? data.getAttributes() : null;
			if (attributes != null && attributes.get(REQUESTED_VERSION_ATTRIBUTE) instanceof String requested) {
				return requested;
			}
			HttpHeaders headers = (data != null) ? data.getHeaders() : null;
			String version = (headers != null) ? headers.getFirst(JunctionHeaders.VERSION) : null;
			return StringUtils.hasText(version) ? version : null;
		}
		return null;
	}

	static boolean isStrict(@Nullable Request request) {
		return isSet(request, STRICT_VERSION_ATTRIBUTE);
	}

	static boolean isExplicit(@Nullable Request request) {
		return isSet(request, EXPLICIT_VERSION_ATTRIBUTE);
	}

	private static boolean isSet(@Nullable Request request, String attribute) {
		Object context = (request != null) ? request.getContext() : null;
		if (context instanceof RequestDataContext dataContext) {
			RequestData data = dataContext.getClientRequest();
			Map<String, Object> attributes = (data != null) ? data.getAttributes() : null;
			return attributes != null && Boolean.TRUE.equals(attributes.get(attribute));
		}
		return false;
	}

	private static List<ServiceInstance> selectVersion(List<ServiceInstance> instances, String version,
			boolean strict) {
		List<ServiceInstance> matching = new ArrayList<>(instances.size());
		for (ServiceInstance instance : instances) {
			if (version.equals(instance.getMetadata().get(JunctionMetadata.VERSION))) {
				matching.add(instance);
			}
		}
		return (matching.isEmpty() && !strict) ? instances : matching;
	}

}
