/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A RabbitMQ virtual host of the test class's own on the local broker, so that the class
 * can have the broker close all of its connections ({@code rabbitmqctl
 * close_all_connections --vhost}) — every app's, producer and consumer alike — without
 * touching anybody else's on the shared broker, and nothing it leaves behind outlives it
 * (the virtual host is deleted after the class).
 * <p>
 * Needs the local broker's {@code rabbitmqctl}. Without it (a broker in a container, say)
 * the class is skipped, saying why; when servers are required ({@code CI=true}) it fails.
 */
public final class RabbitVirtualHostExtension implements BeforeAllCallback, AfterAllCallback {

	private static final Path RABBITMQCTL = Path.of("/usr/sbin/rabbitmqctl");

	private ServerConnection broker;

	private String name;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.broker = TestServers.rabbitmq();
		boolean usable = "local server".equals(this.broker.origin()) && Files.isExecutable(RABBITMQCTL);
		String reason = "This test has the broker close its connections with " + RABBITMQCTL
				+ ", which needs the local RabbitMQ server (found " + this.broker + ")";
		if (!usable && TestServers.requireServers()) {
			throw new IllegalStateException(reason + ". Install and start RabbitMQ locally, then rerun");
		}
		Assumptions.assumeTrue(usable, reason);
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

	/** The broker the virtual host lives on. */
	public ServerConnection broker() {
		return this.broker;
	}

	/** The virtual host's name. */
	public String name() {
		return this.name;
	}

	/** {@code spring.rabbitmq.*} pointing at the broker and this virtual host. */
	public Map<String, String> springProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.rabbitmq.host", this.broker.host());
		properties.put("spring.rabbitmq.port", Integer.toString(this.broker.port()));
		properties.put("spring.rabbitmq.username", this.broker.username());
		properties.put("spring.rabbitmq.password", this.broker.password());
		properties.put("spring.rabbitmq.virtual-host", this.name);
		return properties;
	}

	/**
	 * Has the broker close every connection to this virtual host, as a broker restart or
	 * a network failure would.
	 * @param reason the text the broker sends with the close
	 */
	public void closeAllConnections(String reason) throws IOException, InterruptedException {
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
