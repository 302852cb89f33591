/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.identity;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Works out the instance's identity from configuration and the build. The version falls
 * back from the explicit property to build-info (what {@code spring-boot:build-info}
 * writes) to the main class's {@code Implementation-Version}, so a plain {@code mvn
 * package} with either still registers a meaningful version.
 */
final class InstanceIdentityResolver {

	static final String UNKNOWN_VERSION = "unknown";

	private InstanceIdentityResolver() {
	}

	static InstanceIdentity resolve(InstanceProperties properties, @Nullable BuildProperties build,
			ApplicationContext context) {
		String id = properties.getId();
		if (!StringUtils.hasText(id)) {
			// the environment post-processor normally sets it; this covers contexts built
			// without it (tests, non-SpringApplication bootstraps)
			String name = context.getEnvironment().getProperty("spring.application.name", "application");
			id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
		}
		return new InstanceIdentity(id, resolveVersion(properties, build, context), properties.getZone());
	}

	private static String resolveVersion(InstanceProperties properties, @Nullable BuildProperties build,
			ApplicationContext context) {
		if (StringUtils.hasText(properties.getVersion())) {
			return properties.getVersion();
		}
		if (build != null && StringUtils.hasText(build.getVersion())) {
			return build.getVersion();
		}
		String implementationVersion = mainClassImplementationVersion(context);
		return (implementationVersion != null) ? implementationVersion : UNKNOWN_VERSION;
	}

	private static @Nullable String mainClassImplementationVersion(ApplicationContext context) {
		for (String name : context.getBeanNamesForAnnotation(SpringBootApplication.class)) {
			Class<?> type = context.getType(name);
			if (type != null) {
				Package mainPackage = ClassUtils.getUserClass(type).getPackage();
				String version = (mainPackage != null) ? mainPackage.getImplementationVersion() : null;
				if (StringUtils.hasText(version)) {
					return version;
				}
			}
		}
		return null;
	}

}
