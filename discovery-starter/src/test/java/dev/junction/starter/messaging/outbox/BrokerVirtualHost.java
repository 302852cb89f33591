package dev.junction.starter.messaging.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.junction.testsupport.IsolatedNames;
import dev.junction.testsupport.ServerConnection;
import dev.junction.testsupport.TestServers;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * A RabbitMQ virtual host of a test class's own, so that the class can have the broker
 * close all of its connections ({@code rabbitmqctl close_all_connections --vhost})
 * without disturbing other tests on the same broker. Needs {@code rabbitmqctl} for the
 * local broker; without it (a broker in a container, say) the class uses the default
 * virtual host and {@link #closeAllConnections} closes the application's connection from
 * the client side instead.
 */
final class BrokerVirtualHost implements BeforeAllCallback, AfterAllCallback {

	private static final Logger logger = LoggerFactory.getLogger(BrokerVirtualHost.class);

	private static final Path RABBITMQCTL = Path.of("/usr/sbin/rabbitmqctl");

	private ServerConnection server;

	private String name;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.server = TestServers.rabbitmq();
		if ("local server".equals(this.server.origin()) && Files.isExecutable(RABBITMQCTL)) {
			String candidate = IsolatedNames.forClass(context.getRequiredTestClass()).prefix();
			rabbitmqctl("add_vhost", candidate);
			rabbitmqctl("set_permissions", "-p", candidate, this.server.username(), ".*", ".*", ".*");
			this.name = candidate;
		}
		else {
			logger.info("No rabbitmqctl for {}: connections are closed from the client side", this.server);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (this.name != null) {
			rabbitmqctl("delete_vhost", this.name);
		}
	}

	/** {@code spring.rabbitmq.*} pointing at the broker and this virtual host. */
	Map<String, String> springProperties() {
		return Map.of("spring.rabbitmq.host", this.server.host(), "spring.rabbitmq.port",
				String.valueOf(this.server.port()), "spring.rabbitmq.username", this.server.username(),
				"spring.rabbitmq.password", this.server.password(), "spring.rabbitmq.virtual-host",
				(this.name != null) ? this.name : "/");
	}

	/**
	 * Has the broker close every connection to this virtual host, as a broker restart or
	 * a network failure would.
	 * @param fallback the application's connection factory, reset when the broker cannot
	 * be told
	 */
	void closeAllConnections(CachingConnectionFactory fallback) throws IOException, InterruptedException {
		if (this.name != null) {
			rabbitmqctl("close_all_connections", "--vhost", this.name, "--limit", "1000",
					"test: the broker drops all connections");
		}
		else {
			fallback.resetConnection();
		}
	}

	private static void rabbitmqctl(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(RABBITMQCTL.toString());
		command.add("-q");
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("rabbitmqctl " + String.join(" ", arguments) + " failed: " + output);
		}
	}

}
