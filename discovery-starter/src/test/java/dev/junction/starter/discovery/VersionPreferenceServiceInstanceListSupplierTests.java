/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.JunctionMetadata;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strict form of the version preference: what the gateway asks for when a traffic
 * policy forbids falling back to the other version; and a version asked for by name,
 * which reaches its instances while outlier detection ejects them.
 */
class VersionPreferenceServiceInstanceListSupplierTests {

	private final ServiceInstance v1 = instance("users-1", "v1");

	private final ServiceInstance v2 = instance("users-2", "v2");

	private final VersionPreferenceServiceInstanceListSupplier supplier = new VersionPreferenceServiceInstanceListSupplier(
			new FixedSupplier(List.of(this.v1, this.v2)));

	@Test
	void aStrictRequestForAVersionWithInstancesGetsOnlyThose() {
		assertThat(this.supplier.get(request("v2", Boolean.TRUE)).blockFirst()).containsExactly(this.v2);
	}

	@Test
	void aStrictRequestForAVersionWithoutInstancesGetsNoneInsteadOfTheOtherVersion() {
		assertThat(this.supplier.get(request("v3", Boolean.TRUE)).blockFirst()).isEmpty();
	}

	@Test
	void withoutTheStrictAttributeAVersionWithoutInstancesStillFallsBackToAll() {
		assertThat(this.supplier.get(request("v3", null)).blockFirst()).containsExactly(this.v1, this.v2);
		assertThat(this.supplier.get(request("v3", Boolean.FALSE)).blockFirst()).containsExactly(this.v1, this.v2);
		// only the Boolean counts: a text value could come from somewhere less trusted
		assertThat(this.supplier.get(request("v3", "true")).blockFirst()).containsExactly(this.v1, this.v2);
	}

	@Test
	void aStrictRequestWithoutAVersionGetsEveryInstance() {
		assertThat(this.supplier.get(request(null, Boolean.TRUE)).blockFirst()).containsExactly(this.v1, this.v2);
	}

	@Test
	void aStrictHeaderFromTheClientHasNoEffect() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(JunctionHeaders.VERSION, "v3");
		headers.set(VersionPreferenceServiceInstanceListSupplier.STRICT_VERSION_ATTRIBUTE, "true");
		RequestData data = new RequestData(HttpMethod.GET, URI.create("http://users/api"), headers, null, Map.of());
		assertThat(this.supplier.get(new DefaultRequest<>(new RequestDataContext(data))).blockFirst())
			.containsExactly(this.v1, this.v2);
	}

	@Test
	void theVersionTheGatewayChoseAsAnAttributeWinsOverTheHeader() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(JunctionHeaders.VERSION, "v1");
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(VersionPreferenceServiceInstanceListSupplier.REQUESTED_VERSION_ATTRIBUTE, "v2");
		RequestData data = new RequestData(HttpMethod.GET, URI.create("http://users/api"), headers, null, attributes);
		assertThat(this.supplier.get(new DefaultRequest<>(new RequestDataContext(data))).blockFirst())
			.containsExactly(this.v2);
	}

	@Test
	void aVersionAskedForByNameIsReachedWhileEveryInstanceOfItIsEjected() {
		OutlierDetector detector = new OutlierDetector(new OutlierDetectionProperties());
		detector.passingChanged("users", List.of(this.v1, this.v2));
		for (int i = 0; i < 5; i++) {
			detector.onComplete(new CompletionContext<>(CompletionContext.Status.SUCCESS, new DefaultRequest<>(),
					new DefaultResponse(this.v2),
					new ResponseData(HttpStatus.INTERNAL_SERVER_ERROR, new HttpHeaders(), null, null)));
		}
		assertThat(detector.isEjected(this.v2)).isTrue();
		// the chain as the starter builds it: ejection first, then the version preference
		VersionPreferenceServiceInstanceListSupplier chain = new VersionPreferenceServiceInstanceListSupplier(
				new EjectingServiceInstanceListSupplier(new FixedSupplier(List.of(this.v1, this.v2)), detector));
		Request<RequestDataContext> named = request("v2", Boolean.TRUE);
		named.getContext()
			.getClientRequest()
			.getAttributes()
			.put(VersionPreferenceServiceInstanceListSupplier.EXPLICIT_VERSION_ATTRIBUTE, Boolean.TRUE);
		assertThat(chain.get(named).blockFirst()).containsExactly(this.v2);
		// a weighted or propagated choice of the same version never reaches it
		assertThat(chain.get(request("v2", Boolean.TRUE)).blockFirst()).isEmpty();
		assertThat(chain.get(request("v2", null)).blockFirst()).containsExactly(this.v1);
	}

	private static Request<RequestDataContext> request(String version, Object strict) {
		HttpHeaders headers = new HttpHeaders();
		if (version != null) {
			headers.set(JunctionHeaders.VERSION, version);
		}
		Map<String, Object> attributes = new HashMap<>();
		if (strict != null) {
			attributes.put(VersionPreferenceServiceInstanceListSupplier.STRICT_VERSION_ATTRIBUTE, strict);
		}
		RequestData data = new RequestData(HttpMethod.GET, URI.create("http://users/api"), headers, null, attributes);
		return new DefaultRequest<>(new RequestDataContext(data));
	}

	private static ServiceInstance instance(String id, String version) {
		return new DefaultServiceInstance(id, "users", id, 8080, false,
				Map.of(JunctionMetadata.VERSION, version, JunctionMetadata.ZONE, "default"));
	}

	private record FixedSupplier(List<ServiceInstance> instances) implements ServiceInstanceListSupplier {

		@Override
		public String getServiceId() {
			return "users";
		}

		@Override
		public Flux<List<ServiceInstance>> get() {
			return Flux.just(this.instances);
		}

	}

}
