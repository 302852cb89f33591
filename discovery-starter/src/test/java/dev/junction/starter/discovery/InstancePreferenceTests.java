/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.net.ConnectException;
import java.net.URI;
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
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class InstancePreferenceTests {

	private final ServiceInstance v1 = instance("users-1", "v1");

	private final ServiceInstance v2 = instance("users-2", "v2");

	private final ServiceInstanceListSupplier all = new FixedSupplier(List.of(this.v1, this.v2));

	@Test
	void aCallCarryingAVersionGetsOnlyInstancesOfThatVersion() {
		VersionPreferenceServiceInstanceListSupplier supplier = new VersionPreferenceServiceInstanceListSupplier(
				this.all);
		assertThat(supplier.get(requestWithVersion("v2")).blockFirst()).containsExactly(this.v2);
	}

	@Test
	void aVersionNoInstanceHasFallsBackToAllInstances() {
		VersionPreferenceServiceInstanceListSupplier supplier = new VersionPreferenceServiceInstanceListSupplier(
				this.all);
		assertThat(supplier.get(requestWithVersion("v9")).blockFirst()).containsExactly(this.v1, this.v2);
		assertThat(supplier.get(new DefaultRequest<>(new RequestDataContext())).blockFirst()).hasSize(2);
	}

	@Test
	void anEjectedInstanceIsLeftOutUnlessNoOtherIsLeft() {
		OutlierDetectionProperties settings = new OutlierDetectionProperties();
		settings.setMaxEjectionPercent(100);
		OutlierDetector detector = new OutlierDetector(settings);
		EjectingServiceInstanceListSupplier supplier = new EjectingServiceInstanceListSupplier(this.all, detector);
		assertThat(supplier.get().blockFirst()).containsExactly(this.v1, this.v2);
		eject(detector, this.v1);
		assertThat(supplier.get().blockFirst()).containsExactly(this.v2);
		eject(detector, this.v2);
		assertThat(supplier.get().blockFirst()).containsExactly(this.v1, this.v2);
	}

	private static void eject(OutlierDetector detector, ServiceInstance instance) {
		detector.onComplete(new CompletionContext<>(CompletionContext.Status.FAILED, new ConnectException("refused"),
				new DefaultRequest<>(), new DefaultResponse(instance)));
	}

	private static Request<RequestDataContext> requestWithVersion(String version) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(JunctionHeaders.VERSION, version);
		RequestData data = new RequestData(HttpMethod.GET, URI.create("http://users/api"), headers, null, Map.of());
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
