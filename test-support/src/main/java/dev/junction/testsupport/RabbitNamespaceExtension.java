/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class its own queue and exchange names on the shared RabbitMQ broker, and
 * deletes the ones it handed out after the class's last test:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();
 * ...
 * String queue = rabbit.queue("orders"); // jt_ordertests_3f9a01c2.orders
 * </pre>
 *
 * Deletion needs the RabbitMQ Java client on the test classpath (every app using Spring
 * AMQP has it).
 */
public final class RabbitNamespaceExtension implements BeforeAllCallback, AfterAllCallback {

	private final Set<String> queues = ConcurrentHashMap.newKeySet();

	private final Set<String> exchanges = ConcurrentHashMap.newKeySet();

	private ServerConnection server;

	private IsolatedNames names;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = TestServers.rabbitmq();
		this.names = IsolatedNames.forClass(context.getRequiredTestClass());
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (this.server != null && (!this.queues.isEmpty() || !this.exchanges.isEmpty())) {
			RabbitCleanup.delete(this.server, this.queues, this.exchanges);
		}
	}

	/** A queue name of this class; deleted after the class. */
	public String queue(String suffix) {
		String name = this.names.name(suffix);
		this.queues.add(name);
		return name;
	}

	/** An exchange name of this class; deleted after the class. */
	public String exchange(String suffix) {
		String name = this.names.name(suffix);
		this.exchanges.add(name);
		return name;
	}

	/** The prefix of every name this class uses. */
	public String prefix() {
		return this.names.prefix();
	}

	public ServerConnection server() {
		return this.server;
	}

	/** {@code spring.rabbitmq.*} pointing at the broker. */
	public Map<String, String> springProperties() {
		return Map.of("spring.rabbitmq.host", this.server.host(), "spring.rabbitmq.port",
				String.valueOf(this.server.port()), "spring.rabbitmq.username", this.server.username(),
				"spring.rabbitmq.password", this.server.password());
	}

}
