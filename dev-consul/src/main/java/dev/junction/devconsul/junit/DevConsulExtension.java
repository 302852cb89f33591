/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.junit;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.junction.devconsul.DevConsulAgent;
import dev.junction.devconsul.DevConsulSettings;

/**
 * Runs a {@link DevConsulAgent} on a free port for a test class:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static DevConsulExtension consul = new DevConsulExtension();
 *
 * &#64;Test
 * void registers(DevConsulAgent agent) {
 *     app.run(consul.springProperties()); // spring.cloud.consul.host / port
 * }
 * </pre>
 *
 * Registered on a static field, one agent serves the whole class (nested classes
 * included) and stops after it; on an instance field, each test gets its own. Test
 * methods and constructors may take a {@link DevConsulAgent} parameter.
 */
public final class DevConsulExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private final DevConsulSettings settings;

	private volatile DevConsulAgent agent;

	private int users;

	private boolean perTest;

	/** An extension for an agent with {@link DevConsulSettings#defaults() defaults}. */
	public DevConsulExtension() {
		this(DevConsulSettings.defaults());
	}

	/**
	 * An extension for an agent with the given settings.
	 * @param settings the agent's settings (use port 0 so classes can run side by side)
	 */
	public DevConsulExtension(DevConsulSettings settings) {
		this.settings = settings;
	}

	@Override
	public synchronized void beforeAll(ExtensionContext context) {
		acquire();
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		release();
	}

	@Override
	public synchronized void beforeEach(ExtensionContext context) {
		if (this.agent == null) {
			this.perTest = true;
			acquire();
		}
	}

	@Override
	public synchronized void afterEach(ExtensionContext context) {
		if (this.perTest) {
			this.perTest = false;
			release();
		}
	}

	private void acquire() {
		if (this.users++ == 0) {
			this.agent = DevConsulAgent.start(this.settings);
		}
	}

	private void release() {
		if (this.users > 0 && --this.users == 0) {
			DevConsulAgent running = this.agent;
			this.agent = null;
			running.close();
		}
	}

	/**
	 * The running agent.
	 * @return the agent
	 * @throws IllegalStateException outside the tests the extension is registered for
	 */
	public DevConsulAgent agent() {
		DevConsulAgent running = this.agent;
		if (running == null) {
			throw new IllegalStateException("The dev Consul agent is not running: register DevConsulExtension with "
					+ "@RegisterExtension and use it from tests, @BeforeAll or @BeforeEach methods");
		}
		return running;
	}

	/**
	 * Return the agent's base URL, e.g. {@code http://127.0.0.1:54321}.
	 * @return the agent's base URL, e.g. {@code http://127.0.0.1:54321}
	 */
	public String baseUrl() {
		return agent().baseUrl();
	}

	/**
	 * Return the agent's port.
	 * @return the agent's port
	 */
	public int port() {
		return agent().port();
	}

	/**
	 * Properties that point a Spring Boot app using spring-cloud-consul at the agent.
	 * @return {@code spring.cloud.consul.host} and {@code spring.cloud.consul.port}
	 */
	public Map<String, String> springProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.cloud.consul.host", URI.create(baseUrl()).getHost());
		properties.put("spring.cloud.consul.port", Integer.toString(port()));
		return Map.copyOf(properties);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == DevConsulAgent.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return agent();
	}

}
