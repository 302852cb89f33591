/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.util.ArrayList;
import java.util.List;

import dev.junction.starter.identity.InstanceIdentityAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.consul.ConsulAutoConfiguration;
import org.springframework.cloud.consul.ConsulProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryClientConfiguration;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ZonePreferenceServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class, ConsulAutoConfiguration.class,
				ConsulDiscoveryClientConfiguration.class, LoadBalancerAutoConfiguration.class,
				InstanceIdentityAutoConfiguration.class, DiscoveryAutoConfiguration.class));

	@Test
	void everyLoadBalancedServiceGetsFreshPassingInstancesWithEjectionVersionAndZonePreference() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ConsulHealthWatcher.class).hasSingleBean(OutlierDetector.class);
			assertThat(supplierChain(context, "users")).containsExactly(ZonePreferenceServiceInstanceListSupplier.class,
					VersionPreferenceServiceInstanceListSupplier.class, EjectingServiceInstanceListSupplier.class,
					ConsulServiceInstanceListSupplier.class);
		});
	}

	@Test
	void aBadOutlierDetectionSettingStopsTheStartWithItsKey() {
		this.runner.withPropertyValues("junction.discovery.outlier-detection.max-ejection-percent=150")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(
						"junction.discovery.outlier-detection.max-ejection-percent must be between 0 and 100"));
		this.runner.withPropertyValues("junction.discovery.outlier-detection.consecutive-5xx=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("junction.discovery.outlier-detection.consecutive-5xx must be 0 or more"));
		this.runner
			.withPropertyValues("junction.discovery.outlier-detection.base-ejection-time=30s",
					"junction.discovery.outlier-detection.max-ejection-time=10s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("max-ejection-time (PT10S) must not be shorter than"));
	}

	@Test
	void zoneAndVersionPreferenceCanEachBeSwitchedOff() {
		this.runner
			.withPropertyValues("junction.discovery.zone-preference=false",
					"junction.discovery.version-preference=false")
			.run((context) -> assertThat(supplierChain(context, "users"))
				.containsExactly(EjectingServiceInstanceListSupplier.class, ConsulServiceInstanceListSupplier.class));
	}

	@Test
	void aUserDefinedWatcherReplacesJunctions() {
		this.runner.withUserConfiguration(UserWatcher.class)
			.run((context) -> assertThat(context).getBeans(ConsulHealthWatcher.class).containsOnlyKeys("userWatcher"));
	}

	@Test
	void offByPropertyLeavesSpringCloudLoadBalancersDefaults() {
		this.runner.withPropertyValues("junction.discovery.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ConsulHealthWatcher.class);
			assertThat(supplierChain(context, "users")).doesNotContain(ConsulServiceInstanceListSupplier.class);
		});
	}

	@Test
	void absentWhenConsulDiscoveryIsOff() {
		this.runner.withPropertyValues("spring.cloud.consul.discovery.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ConsulHealthWatcher.class));
	}

	@Test
	void absentWithoutSpringCloudLoadBalancer() {
		this.runner.withClassLoader(new FilteredClassLoader(ServiceInstanceListSupplier.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ConsulHealthWatcher.class));
	}

	private static List<Class<?>> supplierChain(ApplicationContext context, String serviceId) {
		ServiceInstanceListSupplier supplier = context.getBean(LoadBalancerClientFactory.class)
			.getInstance(serviceId, ServiceInstanceListSupplier.class);
		List<Class<?>> chain = new ArrayList<>();
		while (supplier != null) {
			chain.add(supplier.getClass());
			supplier = (supplier instanceof DelegatingServiceInstanceListSupplier delegating) ? delegating.getDelegate()
					: null;
		}
		return chain;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserWatcher {

		@Bean
		ConsulHealthWatcher userWatcher(ConsulProperties consul, ConsulDiscoveryProperties discovery) {
			return new ConsulHealthWatcher(consul, discovery, new DiscoveryProperties());
		}

	}

}
