/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * The gateway application, started in this JVM on free ports with its real configuration
 * plus the test's properties, and a client that talks to it over HTTP.
 */
final class RunningGateway implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private RunningGateway(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts a gateway. Rate limiting is off unless the properties turn it on.
	 * @param properties the test's properties (Consul location and more)
	 * @return the running gateway
	 */
	static RunningGateway start(Map<String, String> properties) {
		return start(properties, new Class<?>[0]);
	}

	/**
	 * Starts a gateway with extra configuration of the test's own.
	 * @param properties the test's properties (Consul location and more)
	 * @param sources extra sources
	 * @return the running gateway
	 */
	static RunningGateway start(Map<String, String> properties, Class<?>... sources) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("server.port", "0");
		all.put("management.server.port", "0");
		all.put("junction.gateway.rate-limit.enabled", "false");
		all.put("spring.main.banner-mode", "off");
		all.putAll(properties);
		// as arguments: they must win over application.yml
		// (free ports instead of 8080/9080)
		String[] args = all.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return new RunningGateway(new SpringApplicationBuilder(GatewayApplication.class).sources(sources).run(args));
	}

	/** Starts a gateway and waits until its readiness probe says it takes traffic. */
	static RunningGateway startReady(Map<String, String> properties, Class<?>... sources) {
		RunningGateway gateway = start(properties, sources);
		await().atMost(Duration.ofSeconds(30)).until(() -> gateway.management("/readyz").statusCode() == 200);
		return gateway;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	int port() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	int managementPort() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.management.port"));
	}

	HttpResponse<String> get(String path, String... headers) {
		return send(request("http://127.0.0.1:" + port() + path, headers).GET());
	}

	HttpResponse<String> management(String path) {
		return send(request("http://127.0.0.1:" + managementPort() + path).GET());
	}

	HttpRequest.Builder request(String url, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return request;
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpClient client() {
		return this.http;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
