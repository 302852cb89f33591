/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.ConsulHttp;

/**
 * The scenario's dev Consul agent, read and written over its HTTP API
 * ({@link ConsulHttp}) as any Consul client does.
 */
final class Consul {

	private final Supplier<String> baseUrl;

	Consul(DevConsulExtension agent) {
		this.baseUrl = agent::baseUrl;
	}

	/** An agent at a base URL, such as {@code http://127.0.0.1:8500}. */
	Consul(String baseUrl) {
		this.baseUrl = () -> baseUrl;
	}

	/** The ports of a service's passing instances. */
	List<Integer> passingPorts(String service) {
		return ConsulHttp.passingPorts(this.baseUrl.get(), service);
	}

	/**
	 * Polls (every 25 ms, at most {@code timeout}) until the passing ports satisfy the
	 * condition.
	 * @return when they did, in milliseconds since the epoch
	 */
	long awaitPassing(String service, Predicate<List<Integer>> condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.test(passingPorts(service))) {
				return System.currentTimeMillis();
			}
			Pause.millis(25);
		}
		throw new IllegalStateException("Consul did not show the expected passing instances of " + service + " within "
				+ timeout + "; passing now: " + passingPorts(service));
	}

	/**
	 * Registers a service instance on loopback with an HTTP check of its own, as an app
	 * with the starter would (used for the benchmark backend).
	 */
	void register(String service, String id, int port, String version) {
		ConsulHttp.register(this.baseUrl.get(),
				"""
						{"ID": "%s", "Name": "%s", "Address": "127.0.0.1", "Port": %d, "Meta": {"version": "%s", "zone": "default"},
						 "Check": {"HTTP": "http://127.0.0.1:%d/readyz", "Interval": "1s"}}"""
					.formatted(id, service, port, version, port));
	}

	/**
	 * Registers a service instance on loopback whose HTTP check asks another port: an
	 * instance that passes in Consul whatever its own port does (B1's refusing ones).
	 */
	void register(String service, String id, int port, String version, int checkPort) {
		ConsulHttp.register(this.baseUrl.get(),
				"""
						{"ID": "%s", "Name": "%s", "Address": "127.0.0.1", "Port": %d, "Meta": {"version": "%s", "zone": "default"},
						 "Check": {"HTTP": "http://127.0.0.1:%d/readyz", "Interval": "1s"}}"""
					.formatted(id, service, port, version, checkPort));
	}

	/** Removes a service instance. */
	void deregister(String id) {
		ConsulHttp.deregister(this.baseUrl.get(), id);
	}

	/** Writes a KV entry. */
	void put(String key, String value) {
		ConsulHttp.putKv(this.baseUrl.get(), key, value);
	}

}
