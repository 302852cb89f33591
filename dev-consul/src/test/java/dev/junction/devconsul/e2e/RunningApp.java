/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * A Spring Boot application started in this JVM for an end-to-end test, the way a user
 * starts one: {@link SpringApplicationBuilder} with command-line arguments. Closing it
 * stops the application, which deregisters it from Consul.
 */
final class RunningApp implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ConfigurableApplicationContext context;

	private RunningApp(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static RunningApp start(Class<?> application, WebApplicationType type, Map<String, ?> properties) {
		String[] args = properties.entrySet()
			.stream()
			.map((property) -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		return new RunningApp(new SpringApplicationBuilder(application).web(type)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args));
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	Environment environment() {
		return this.context.getEnvironment();
	}

	int port() {
		return this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/**
	 * GET a path of this application over HTTP, as a browser or another service would.
	 * @param path the path, starting with {@code /}
	 * @return the response body
	 */
	String get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"GET " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
