/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitVirtualHostExtension;
import dev.junction.testsupport.RedisNamespaceExtension;

/**
 * An app's compose environment with the compose network's servers ({@code consul},
 * {@code postgres}, {@code redis}, {@code rabbitmq} and the credentials of {@code .env})
 * replaced by this host's and the test class's: everything else (zone, drain delay,
 * shutdown timeout, exposure, profiles) stays as the compose file says.
 */
final class HostServers {

	private HostServers() {
	}

	static Map<String, String> environment(Map<String, String> compose, DevConsulExtension consul,
			PostgresDatabaseExtension users, PostgresDatabaseExtension orders, RedisNamespaceExtension redis,
			RabbitVirtualHostExtension rabbit) {
		Map<String, String> environment = new LinkedHashMap<>(compose);
		environment.putAll(variables(consul.springProperties()));
		// the containers share the host's network: registered (and checked) on loopback
		environment.put("SPRING_CLOUD_CONSUL_DISCOVERY_IPADDRESS", "127.0.0.1");
		String database = compose.get("SPRING_DATASOURCE_URL");
		if (database != null) {
			PostgresDatabaseExtension own = database.endsWith("/sample_orders") ? orders : users;
			environment.putAll(variables(own.springProperties()));
		}
		if (compose.containsKey("SPRING_DATA_REDIS_HOST")) {
			environment.putAll(variables(redis.springProperties()));
			if (redis.server().password() == null) {
				environment.remove("SPRING_DATA_REDIS_PASSWORD");
			}
			environment.put("JUNCTION_SAMPLE_USER_CACHE_KEYPREFIX", redis.keyPrefix());
			environment.put("JUNCTION_GATEWAY_RATELIMIT_KEYPREFIX", redis.keyPrefix() + "rate-limit:");
		}
		if (compose.containsKey("SPRING_RABBITMQ_HOST")) {
			environment.putAll(variables(rabbit.springProperties()));
		}
		return environment;
	}

	/**
	 * Spring properties as the environment variables that set them (Boot's relaxed
	 * binding): {@code spring.rabbitmq.virtual-host} is
	 * {@code SPRING_RABBITMQ_VIRTUALHOST}.
	 */
	static Map<String, String> variables(Map<String, String> properties) {
		Map<String, String> variables = new LinkedHashMap<>();
		properties.forEach((key, value) -> variables.put(key.replace('.', '_').replace("-", "").toUpperCase(), value));
		return variables;
	}

}
