package dev.junction.starter.discovery;

import java.util.ArrayList;
import java.util.List;

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
 */
class VersionPreferenceServiceInstanceListSupplier extends DelegatingServiceInstanceListSupplier {

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
		return (version != null) ? instances.map((list) -> preferVersion(list, version)) : instances;
	}

	static @Nullable String requestedVersion(@Nullable Request request) {
		Object context = (request != null) ? request.getContext() : null;
		if (context instanceof RequestDataContext dataContext) {
			RequestData data = dataContext.getClientRequest();
			HttpHeaders headers = (data != null) ? data.getHeaders() : null;
			String version = (headers != null) ? headers.getFirst(JunctionHeaders.VERSION) : null;
			return StringUtils.hasText(version) ? version : null;
		}
		return null;
	}

	private static List<ServiceInstance> preferVersion(List<ServiceInstance> instances, String version) {
		List<ServiceInstance> matching = new ArrayList<>(instances.size());
		for (ServiceInstance instance : instances) {
			if (version.equals(instance.getMetadata().get(JunctionMetadata.VERSION))) {
				matching.add(instance);
			}
		}
		return matching.isEmpty() ? instances : matching;
	}

}
