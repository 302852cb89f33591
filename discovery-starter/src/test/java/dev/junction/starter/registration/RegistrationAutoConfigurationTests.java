/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.registration;

import java.util.Map;

import dev.junction.starter.JunctionMetadata;
import dev.junction.starter.identity.InstanceIdentity;
import dev.junction.starter.identity.InstanceIdentityAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.InetUtilsProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.cloud.consul.model.http.agent.NewService;
import org.springframework.cloud.consul.serviceregistry.ConsulRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulRegistrationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(InstanceIdentityAutoConfiguration.class, RegistrationAutoConfiguration.class))
		.withPropertyValues("junction.instance.version=v2", "junction.instance.zone=eu-1a");

	@Test
	void registrationCarriesTheInstanceVersionAndZone() {
		this.runner.run((context) -> {
			ConsulRegistration registration = registration(Map.of("secure", "false"));
			context.getBean(InstanceMetadataRegistrationCustomizer.class).customize(registration);
			assertThat(registration.getService().getMeta()).containsEntry(JunctionMetadata.VERSION, "v2")
				.containsEntry(JunctionMetadata.ZONE, "eu-1a")
				.containsEntry("secure", "false");
		});
	}

	@Test
	void metadataTheUserConfiguredInConsulWins() {
		this.runner.run((context) -> {
			ConsulRegistration registration = registration(Map.of(JunctionMetadata.ZONE, "from-consul-config"));
			context.getBean(InstanceMetadataRegistrationCustomizer.class).customize(registration);
			assertThat(registration.getService().getMeta()).containsEntry(JunctionMetadata.ZONE, "from-consul-config")
				.containsEntry(JunctionMetadata.VERSION, "v2");
		});
	}

	@Test
	void aUserDefinedCustomizerReplacesJunctions() {
		this.runner.withUserConfiguration(UserCustomizer.class)
			.run((context) -> assertThat(context).getBeans(ConsulRegistrationCustomizer.class)
				.containsOnlyKeys("userCustomizer"));
	}

	@Test
	void offByProperty() {
		this.runner.withPropertyValues("junction.registration.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(InstanceMetadataRegistrationCustomizer.class));
	}

	@Test
	void absentWithoutSpringCloudConsul() {
		this.runner.withClassLoader(new FilteredClassLoader(ConsulRegistrationCustomizer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(InstanceMetadataRegistrationCustomizer.class));
	}

	private static ConsulRegistration registration(Map<String, String> meta) {
		NewService service = new NewService();
		service.setMeta(meta);
		return new ConsulRegistration(service, new ConsulDiscoveryProperties(new InetUtils(new InetUtilsProperties())));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCustomizer {

		@Bean
		InstanceMetadataRegistrationCustomizer userCustomizer() {
			return new InstanceMetadataRegistrationCustomizer(new InstanceIdentity("u", "u", "u"));
		}

	}

}
