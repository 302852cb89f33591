/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts real Junction apps in this JVM, each on random ports and pointed at a dev Consul
 * agent, and talks HTTP to them.
 */
public final class TestApps {

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private TestApps() {
	}

	/**
	 * Starts an app.
	 * @param type servlet or reactive
	 * @param source the app's configuration
	 * @param consul the agent's Spring properties
	 * @param properties further {@code key=value} properties
	 * @return the running app
	 */
	public static ConfigurableApplicationContext start(WebApplicationType type, Class<?> source,
			Map<String, String> consul, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "management.server.port=0",
				"spring.main.banner-mode=off", "spring.cloud.consul.discovery.prefer-ip-address=true",
				"spring.cloud.consul.discovery.ip-address=127.0.0.1", "logging.level.root=WARN",
				"logging.level.dev.junction=INFO", "junction.shutdown.drain-delay=200ms",
				// the starter's optional JDBC and AMQP
				// parts are on the test class path: not
				// what these apps are about
				"spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
						+ "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration"
						// Tomcat and Netty are both here; a
						// reactive app runs on Netty, and two
						// reactive management context factories would clash
						+ ((type != WebApplicationType.REACTIVE) ? ""
								: ",org.springframework.boot.tomcat.autoconfigure."
										+ "actuate.web.server.TomcatReactiveManagementContextAutoConfiguration")));
		consul.forEach((key, value) -> all.add(key + "=" + value));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(source).web(type).properties(all.toArray(String[]::new)).run();
	}

	/**
	 * The port of an app's web server.
	 * @param app the app
	 * @return its application port
	 */
	public static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

	/**
	 * A GET on the app's own port.
	 * @param app the app
	 * @param path the path
	 * @param headers header names and values, alternating
	 * @return the response
	 * @throws IOException when the app does not answer
	 */
	public static HttpResponse<String> get(ConfigurableApplicationContext app, String path, String... headers)
			throws IOException {
		return get("http://127.0.0.1:" + port(app) + path, headers);
	}

	/**
	 * A GET.
	 * @param url the URL
	 * @param headers header names and values, alternating
	 * @return the response
	 * @throws IOException when nothing answers
	 */
	public static HttpResponse<String> get(String url, String... headers) throws IOException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request.build());
	}

	/**
	 * A PUT with a JSON body.
	 * @param url the URL
	 * @param json the body
	 * @return the response
	 * @throws IOException when nothing answers
	 */
	public static HttpResponse<String> put(String url, String json) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(20))
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/**
	 * A POST of a JSON body ({@code Content-Type: application/json}).
	 * @param url the URL
	 * @param json the body
	 * @return the response
	 * @throws IOException when nothing answers
	 */
	public static HttpResponse<String> postJson(String url, String json) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private static HttpResponse<String> send(HttpRequest request) throws IOException {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

}
