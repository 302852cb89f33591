/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class its own Redis key prefix on the shared server and deletes every key
 * under it after the class's last test:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static RedisNamespaceExtension redis = new RedisNamespaceExtension();
 * ...
 * redis.keyPrefix(); // "jt_ratelimittests_3f9a01c2:"
 * </pre>
 */
public final class RedisNamespaceExtension implements BeforeAllCallback, AfterAllCallback {

	private ServerConnection server;

	private String keyPrefix;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = TestServers.redis();
		this.keyPrefix = IsolatedNames.forClass(context.getRequiredTestClass()).prefix() + ":";
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		if (this.server != null) {
			deleteKeys();
		}
	}

	/** The prefix every key of this class starts with, ending in {@code :}. */
	public String keyPrefix() {
		return this.keyPrefix;
	}

	public ServerConnection server() {
		return this.server;
	}

	/** Keys under this class's prefix that exist now. */
	public List<String> keys() throws IOException {
		try (RespClient client = new RespClient(this.server.host(), this.server.port())) {
			return client.scan(this.keyPrefix + "*");
		}
	}

	/** {@code spring.data.redis.*} pointing at the server. */
	public Map<String, String> springProperties() {
		return Map.of("spring.data.redis.host", this.server.host(), "spring.data.redis.port",
				String.valueOf(this.server.port()));
	}

	private void deleteKeys() throws IOException {
		try (RespClient client = new RespClient(this.server.host(), this.server.port())) {
			for (String key : client.scan(this.keyPrefix + "*")) {
				client.command("DEL", key);
			}
		}
	}

}
