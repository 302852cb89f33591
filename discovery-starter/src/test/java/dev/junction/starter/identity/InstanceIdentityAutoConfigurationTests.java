/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.identity;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceIdentityAutoConfigurationTests {

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InstanceIdentityAutoConfiguration.class));

	@Test
	void identityComesFromTheInstanceProperties() {
		this.servlet
			.withPropertyValues("junction.instance.id=users-1", "junction.instance.version=v2",
					"junction.instance.zone=eu-1a")
			.run((context) -> assertThat(context.getBean(InstanceIdentity.class))
				.isEqualTo(new InstanceIdentity("users-1", "v2", "eu-1a")));
	}

	@Test
	void versionFallsBackToTheBuildInfoAndZoneToDefault() {
		this.servlet.withUserConfiguration(BuildInfo.class).run((context) -> {
			InstanceIdentity identity = context.getBean(InstanceIdentity.class);
			assertThat(identity.version()).isEqualTo("1.4.2");
			assertThat(identity.zone()).isEqualTo("default");
			assertThat(identity.id()).startsWith("application-");
		});
	}

	@Test
	void versionIsUnknownWithoutAnyBuildInformation() {
		this.servlet.run((context) -> assertThat(context.getBean(InstanceIdentity.class).version())
			.isEqualTo(InstanceIdentityResolver.UNKNOWN_VERSION));
	}

	@Test
	void servletAppsShowTheIdentityOnEveryResponse() {
		this.servlet.run((context) -> assertThat(context).hasSingleBean(InstanceIdentityFilter.class)
			.doesNotHaveBean(InstanceIdentityWebFilter.class));
	}

	@Test
	void reactiveAppsShowTheIdentityOnEveryResponse() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(InstanceIdentityAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(InstanceIdentityWebFilter.class)
				.doesNotHaveBean(InstanceIdentityFilter.class));
	}

	@Test
	void theGatewayCanSwitchTheHeadersOffButKeepsItsIdentity() {
		this.servlet.withPropertyValues("junction.identity.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(InstanceIdentityFilter.class)
				.hasSingleBean(InstanceIdentity.class));
	}

	@Test
	void aUserDefinedIdentityReplacesTheResolvedOne() {
		this.servlet.withUserConfiguration(UserIdentity.class)
			.run((context) -> assertThat(context.getBean(InstanceIdentity.class).version()).isEqualTo("custom"));
	}

	@Test
	void aUserDefinedFilterReplacesJunctions() {
		this.servlet.withUserConfiguration(UserFilter.class)
			.run((context) -> assertThat(context).getBeans(InstanceIdentityFilter.class)
				.containsOnlyKeys("userFilter"));
	}

	@Test
	void nonWebAppsGetNoFilters() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(InstanceIdentityAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(InstanceIdentity.class)
				.doesNotHaveBean(InstanceIdentityFilter.class)
				.doesNotHaveBean(InstanceIdentityWebFilter.class));
	}

	@Test
	void noServletFilterWithoutSpringWebsFilterSupport() {
		this.servlet.withClassLoader(new FilteredClassLoader(OncePerRequestFilter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(InstanceIdentityFilter.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class BuildInfo {

		@Bean
		BuildProperties buildProperties() {
			Properties properties = new Properties();
			properties.setProperty("version", "1.4.2");
			return new BuildProperties(properties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilter {

		@Bean
		InstanceIdentityFilter userFilter(InstanceIdentity identity, ObjectProvider<Registration> registration) {
			return new InstanceIdentityFilter(identity, registration);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserIdentity {

		@Bean
		InstanceIdentity instanceIdentity() {
			return new InstanceIdentity("x", "custom", "z");
		}

	}

}
