/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.junction.testsupport.IsolatedNames;
import dev.junction.testsupport.ServerConnection;
import dev.junction.testsupport.TestServers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A RabbitMQ virtual host of the test class's own on the local broker, so that the class
 * can have the broker close all of its connections ({@code rabbitmqctl
 * close_all_connections --vhost}) without touching anybody else's, and nothing it leaves
 * behind outlives it (the virtual host is deleted after the class). Needs
 * {@code rabbitmqctl} for the local broker; without it the class is skipped, saying so.
 */
final class BrokerVirtualHost implements BeforeAllCallback, AfterAllCallback {

	private static final Path RABBITMQCTL = Path.of("/usr/sbin/rabbitmqctl");

	private ServerConnection broker;

	private String name;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.broker = TestServers.rabbitmq();
		Assumptions.assumeTrue("local server".equals(this.broker.origin()) && Files.isExecutable(RABBITMQCTL),
				() -> "This scenario has the broker close its connections with " + RABBITMQCTL
						+ ", which needs the local RabbitMQ server (found " + this.broker + ")");
		String candidate = IsolatedNames.forClass(context.getRequiredTestClass()).prefix();
		rabbitmqctl("add_vhost", candidate);
		this.name = candidate;
		rabbitmqctl("set_permissions", "-p", candidate, this.broker.username(), ".*", ".*", ".*");
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (this.name != null) {
			rabbitmqctl("delete_vhost", this.name);
		}
	}

	ServerConnection broker() {
		return this.broker;
	}

	String name() {
		return this.name;
	}

	/** {@code spring.rabbitmq.*} pointing at the broker and this virtual host. */
	Map<String, String> springProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.rabbitmq.host", this.broker.host());
		properties.put("spring.rabbitmq.port", Integer.toString(this.broker.port()));
		properties.put("spring.rabbitmq.username", this.broker.username());
		properties.put("spring.rabbitmq.password", this.broker.password());
		properties.put("spring.rabbitmq.virtual-host", this.name);
		return properties;
	}

	/**
	 * Has the broker close every connection to this virtual host (every app's, producer
	 * and consumer alike), as a broker restart or a network failure would.
	 */
	void closeAllConnections(String reason) throws IOException, InterruptedException {
		rabbitmqctl("close_all_connections", "--vhost", this.name, "--limit", "1000", reason);
	}

	private static void rabbitmqctl(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(RABBITMQCTL.toString());
		command.add("-q");
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("rabbitmqctl " + String.join(" ", arguments) + " failed: " + output);
		}
	}

}
