/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import java.util.Map;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The one way Junction's modules give Boot and Spring Cloud properties a default: a
 * property source added last, after all config data, holding only the keys nobody set.
 * The user's {@code application.yml}, profile files, environment variables and arguments
 * therefore always win, and the defaults show in {@code /actuator/env} under their source
 * name. Every Junction {@code EnvironmentPostProcessor} (the starter's, its messaging
 * part's, the gateway starter's) goes through here.
 */
public final class JunctionDefaults {

	private JunctionDefaults() {
	}

	/**
	 * Adds the given defaults as a property source of the given name, after every other
	 * source; keys the environment already has are left out.
	 * @param environment the environment to add the defaults to
	 * @param sourceName the name the source shows in {@code /actuator/env}
	 * @param defaults the keys and their default values (changed: set keys are removed)
	 */
	public static void addLast(ConfigurableEnvironment environment, String sourceName, Map<String, Object> defaults) {
		defaults.keySet().removeIf(environment::containsProperty);
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(sourceName, defaults));
		}
	}

	/**
	 * Whether the capability's {@code junction.<capability>.enabled} switch is on (it is
	 * unless set to {@code false}).
	 * @param environment the environment to read
	 * @param capability the capability's name, such as {@code registration}
	 * @return whether the capability is on
	 */
	public static boolean enabled(ConfigurableEnvironment environment, String capability) {
		return environment.getProperty("junction." + capability + ".enabled", Boolean.class, true);
	}

}
