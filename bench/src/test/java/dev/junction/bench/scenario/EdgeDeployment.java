/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.launcher.SampleProperties;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;

/**
 * The Junction gateway in front of sample-user-service instances, as one scenario class
 * deploys them ({@link SampleProperties}, as the launcher deploys them): everything
 * registers in (or watches) the class's dev Consul agent on loopback; user-service
 * instances share the class's database, Redis key prefix and queue names.
 */
final class EdgeDeployment {

	static final String USER_SERVICE = SampleProperties.USER_SERVICE;

	/** Gateway log lines naming the instance the load balancer chose (TRACE). */
	static final String CHOSEN = "url chosen: http://127.0.0.1:";

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

	private final SampleProperties samples;

	private final Map<String, String> users;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final boolean cds;

	/** The JDK the packaged jars start on, if not this JVM's. */
	private final Path jdk;

	EdgeDeployment(DevConsulExtension consul, PostgresDatabaseExtension users, RedisNamespaceExtension redis,
			RabbitNamespaceExtension rabbit) {
		this(consul.springProperties(), users, redis, rabbit);
	}

	/**
	 * A deployment on an agent the scenario runs itself (one it stops and starts again).
	 * @param consul {@code spring.cloud.consul.host} and {@code port}
	 */
	EdgeDeployment(Map<String, String> consul, PostgresDatabaseExtension users, RedisNamespaceExtension redis,
			RabbitNamespaceExtension rabbit) {
		this.samples = samples(consul, redis, rabbit, rabbit.springProperties());
		this.users = users.springProperties();
		this.cds = false;
		this.jdk = null;
	}

	private EdgeDeployment(EdgeDeployment deployment, boolean cds, Path jdk) {
		this.samples = deployment.samples;
		this.users = deployment.users;
		this.cds = cds;
		this.jdk = jdk;
	}

	/**
	 * The same deployment with every app started as its container image starts it, from
	 * the archive of a training run ({@link Bench#appWithCds}).
	 */
	EdgeDeployment withCds() {
		return new EdgeDeployment(this, true, null);
	}

	/**
	 * The same deployment with every app's jar started on another JDK (the images' Java
	 * 25, say) without an archive: what an archive made on that JDK is compared with.
	 */
	EdgeDeployment onJdk(Path javaHome) {
		return new EdgeDeployment(this, false, javaHome);
	}

	private AppInstance.Builder app(String name, String module) {
		if (this.cds) {
			return Bench.appWithCds(name, module);
		}
		AppInstance.Builder app = Bench.app(name, module);
		return (this.jdk != null) ? app.javaHome(this.jdk).jvmArgs(CdsArchive.NATIVE_ACCESS) : app;
	}

	/**
	 * The samples' deployment ({@link SampleProperties}, as the launcher deploys them) on
	 * a scenario's agent, Redis key prefix and queue and exchange names.
	 * @param consul the scenario's agent
	 * @param redis its Redis key prefix
	 * @param rabbit its queue and exchange names
	 * @param broker {@code spring.rabbitmq.*} of the broker (and virtual host) to use
	 * @return the properties
	 */
	static SampleProperties samples(DevConsulExtension consul, RedisNamespaceExtension redis,
			RabbitNamespaceExtension rabbit, Map<String, String> broker) {
		return samples(consul.springProperties(), redis, rabbit, broker);
	}

	/**
	 * The samples' deployment on an agent given by its {@code spring.cloud.consul.*}
	 * properties; otherwise as
	 * {@link #samples(DevConsulExtension, RedisNamespaceExtension, RabbitNamespaceExtension, Map)}.
	 */
	static SampleProperties samples(Map<String, String> consul, RedisNamespaceExtension redis,
			RabbitNamespaceExtension rabbit, Map<String, String> broker) {
		String queue = rabbit.queue("order-placed.user-service");
		rabbit.queue("order-placed.user-service.dlq"); // declared by the app; deleted
														// after the class
		return SampleProperties.builder()
			.consul(consul)
			.broker(broker)
			.redis(redis.springProperties())
			.exchange(rabbit.exchange("orders"))
			.userServiceQueue(queue)
			.deadLetterExchange(rabbit.exchange("dlx"))
			.cacheKeyPrefix(redis.keyPrefix())
			.rateLimitKeyPrefix(redis.keyPrefix() + "rate-limit:")
			.build();
	}

	/** Starts a user-service instance of the given version. */
	AppInstance startUserService(String name, String version) {
		return app(name, USER_SERVICE).properties(this.samples.userService(version, this.users)).start();
	}

	/** Starts an order-service instance on the given database. */
	AppInstance startOrderService(String name, Map<String, String> datasource) {
		return app(name, SampleProperties.ORDER_SERVICE).properties(this.samples.orderService(datasource)).start();
	}

	/** Starts a gateway with the packaged configuration plus the given properties. */
	AppInstance startGateway(String name, Map<String, String> extra) {
		Map<String, String> properties = this.samples.gateway();
		// each request's chosen instance, to see when a dead one stops getting requests
		properties.put("logging.level.org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter",
				"TRACE");
		properties.putAll(extra);
		return app(name, SampleProperties.GATEWAY).properties(properties).readinessOnManagementPort("/readyz").start();
	}

	/** Creates users through an instance, returning their ids. */
	List<Long> createUsers(AppInstance userService, String prefix, int count) {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String body = "{\"name\": \"" + prefix + i + "\", \"email\": \"" + prefix + i + "@example.org\"}";
			HttpRequest request = HttpRequest.newBuilder(URI.create(userService.url("/api/users")))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(20))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			try {
				HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
				Matcher id = ID.matcher(response.body());
				if (response.statusCode() != 201 || !id.find()) {
					throw new IllegalStateException(userService
						.describe("answered " + response.statusCode() + " to POST /api/users: " + response.body()));
				}
				ids.add(Long.parseLong(id.group(1)));
			}
			catch (IOException ex) {
				throw new IllegalStateException(userService.describe("failed POST /api/users: " + ex), ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}
		return ids;
	}

	/**
	 * When the gateway's load balancer chose the instance on the given port, in
	 * milliseconds since the epoch (from its TRACE log lines).
	 */
	static List<Long> chosenTimes(AppInstance gateway, int port) {
		return gateway.logTimes(CHOSEN + port + "/");
	}

}
