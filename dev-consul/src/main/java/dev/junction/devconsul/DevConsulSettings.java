/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DevConsulAgent} runs. Immutable: each {@code withXxx} method returns a
 * copy. Start from {@link #defaults()}.
 *
 * <p>
 * The reaper settings mirror Consul's own: the reaper removes services whose check stayed
 * critical longer than its {@code DeregisterCriticalServiceAfter}, runs every
 * {@link #reapInterval() 30 seconds}, and raises any
 * {@code DeregisterCriticalServiceAfter} under {@link #reapMinimum() one minute} to one
 * minute. Lowering them is a development and test option only (a real Consul cannot do
 * it); tests that want crashed instances to disappear quickly use it, knowing a real
 * Consul would keep them for a minute or more.
 */
public final class DevConsulSettings {

	private static final DevConsulSettings DEFAULTS = new DevConsulSettings("127.0.0.1", 0, null,
			Duration.ofSeconds(30), Duration.ofMinutes(1), "junction-dev", "dc1", 512 * 1024, Duration.ofSeconds(10));

	private final String bindAddress;

	private final int port;

	private final String aclToken;

	private final Duration reapInterval;

	private final Duration reapMinimum;

	private final String nodeName;

	private final String datacenter;

	private final int maxBodyBytes;

	private final Duration sessionTtlMinimum;

	private DevConsulSettings(String bindAddress, int port, String aclToken, Duration reapInterval,
			Duration reapMinimum, String nodeName, String datacenter, int maxBodyBytes, Duration sessionTtlMinimum) {
		this.bindAddress = bindAddress;
		this.port = port;
		this.aclToken = aclToken;
		this.reapInterval = reapInterval;
		this.reapMinimum = reapMinimum;
		this.nodeName = nodeName;
		this.datacenter = datacenter;
		this.maxBodyBytes = maxBodyBytes;
		this.sessionTtlMinimum = sessionTtlMinimum;
	}

	/**
	 * Loopback, a free port, no ACL, Consul's reaper timing, node {@code junction-dev} in
	 * {@code dc1}, bodies up to 512 KiB.
	 * @return the default settings
	 */
	public static DevConsulSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * The address to listen on; anything but loopback exposes the agent to the network.
	 * @param bindAddress an IP address or host name
	 * @return a copy with the address
	 */
	public DevConsulSettings withBindAddress(String bindAddress) {
		Objects.requireNonNull(bindAddress, "bindAddress");
		return new DevConsulSettings(bindAddress, this.port, this.aclToken, this.reapInterval, this.reapMinimum,
				this.nodeName, this.datacenter, this.maxBodyBytes, this.sessionTtlMinimum);
	}

	/**
	 * The port to listen on.
	 * @param port a port, or 0 for a free one
	 * @return a copy with the port
	 */
	public DevConsulSettings withPort(int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
		}
		return new DevConsulSettings(this.bindAddress, port, this.aclToken, this.reapInterval, this.reapMinimum,
				this.nodeName, this.datacenter, this.maxBodyBytes, this.sessionTtlMinimum);
	}

	/**
	 * Turn on ACLs as Consul with {@code default_policy = deny} and this token as the
	 * only (management) token.
	 * @param aclToken the token, or {@code null} for no ACLs
	 * @return a copy with the token
	 */
	public DevConsulSettings withAclToken(String aclToken) {
		if (aclToken != null && aclToken.isBlank()) {
			throw new IllegalArgumentException("aclToken must not be blank; use null to turn ACLs off");
		}
		return new DevConsulSettings(this.bindAddress, this.port, aclToken, this.reapInterval, this.reapMinimum,
				this.nodeName, this.datacenter, this.maxBodyBytes, this.sessionTtlMinimum);
	}

	/**
	 * How often the reaper runs (Consul: 30 s). Lower only in development and tests.
	 * @param reapInterval a positive duration
	 * @return a copy with the interval
	 */
	public DevConsulSettings withReapInterval(Duration reapInterval) {
		return new DevConsulSettings(this.bindAddress, this.port, this.aclToken, positive(reapInterval, "reapInterval"),
				this.reapMinimum, this.nodeName, this.datacenter, this.maxBodyBytes, this.sessionTtlMinimum);
	}

	/**
	 * The floor for {@code DeregisterCriticalServiceAfter} (Consul: 1 minute). Lower only
	 * in development and tests.
	 * @param reapMinimum a positive duration
	 * @return a copy with the minimum
	 */
	public DevConsulSettings withReapMinimum(Duration reapMinimum) {
		return new DevConsulSettings(this.bindAddress, this.port, this.aclToken, this.reapInterval,
				positive(reapMinimum, "reapMinimum"), this.nodeName, this.datacenter, this.maxBodyBytes,
				this.sessionTtlMinimum);
	}

	/**
	 * The name of the agent's node.
	 * @param nodeName the node name
	 * @return a copy with the node name
	 */
	public DevConsulSettings withNodeName(String nodeName) {
		return new DevConsulSettings(this.bindAddress, this.port, this.aclToken, this.reapInterval, this.reapMinimum,
				notBlank(nodeName, "nodeName"), this.datacenter, this.maxBodyBytes, this.sessionTtlMinimum);
	}

	/**
	 * The datacenter the agent claims.
	 * @param datacenter the datacenter name
	 * @return a copy with the datacenter
	 */
	public DevConsulSettings withDatacenter(String datacenter) {
		return new DevConsulSettings(this.bindAddress, this.port, this.aclToken, this.reapInterval, this.reapMinimum,
				this.nodeName, notBlank(datacenter, "datacenter"), this.maxBodyBytes, this.sessionTtlMinimum);
	}

	/**
	 * The largest request body accepted; larger ones get a 413.
	 * @param maxBodyBytes a positive number of bytes
	 * @return a copy with the limit
	 */
	public DevConsulSettings withMaxBodyBytes(int maxBodyBytes) {
		if (maxBodyBytes <= 0) {
			throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
		}
		return new DevConsulSettings(this.bindAddress, this.port, this.aclToken, this.reapInterval, this.reapMinimum,
				this.nodeName, this.datacenter, maxBodyBytes, this.sessionTtlMinimum);
	}

	/**
	 * The smallest session TTL accepted (Consul's {@code session_ttl_min}, 10 s by
	 * default). A real Consul can be configured lower too; tests use it to see TTL expiry
	 * in seconds.
	 * @param sessionTtlMinimum a positive duration
	 * @return a copy with the minimum
	 */
	public DevConsulSettings withSessionTtlMinimum(Duration sessionTtlMinimum) {
		return new DevConsulSettings(this.bindAddress, this.port, this.aclToken, this.reapInterval, this.reapMinimum,
				this.nodeName, this.datacenter, this.maxBodyBytes, positive(sessionTtlMinimum, "sessionTtlMinimum"));
	}

	private static Duration positive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be a positive duration, was " + duration);
		}
		return duration;
	}

	private static String notBlank(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
		return value;
	}

	/**
	 * Return the address to listen on (default {@code 127.0.0.1}).
	 * @return the address to listen on (default {@code 127.0.0.1})
	 */
	public String bindAddress() {
		return this.bindAddress;
	}

	/**
	 * Return the port to listen on (default 0: a free port).
	 * @return the port to listen on (default 0: a free port)
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the ACL token, or {@code null} when ACLs are off (the default).
	 * @return the ACL token, or {@code null} when ACLs are off (the default)
	 */
	public String aclToken() {
		return this.aclToken;
	}

	/**
	 * Return how often the reaper runs (default 30 s).
	 * @return how often the reaper runs (default 30 s)
	 */
	public Duration reapInterval() {
		return this.reapInterval;
	}

	/**
	 * Return the floor for {@code DeregisterCriticalServiceAfter} (default 1 min).
	 * @return the floor for {@code DeregisterCriticalServiceAfter} (default 1 min)
	 */
	public Duration reapMinimum() {
		return this.reapMinimum;
	}

	/**
	 * Return the node name (default {@code junction-dev}).
	 * @return the node name (default {@code junction-dev})
	 */
	public String nodeName() {
		return this.nodeName;
	}

	/**
	 * Return the datacenter (default {@code dc1}).
	 * @return the datacenter (default {@code dc1})
	 */
	public String datacenter() {
		return this.datacenter;
	}

	/**
	 * Return the largest request body accepted (default 512 KiB).
	 * @return the largest request body accepted (default 512 KiB)
	 */
	public int maxBodyBytes() {
		return this.maxBodyBytes;
	}

	/**
	 * Return the smallest session TTL accepted (default 10 s).
	 * @return the smallest session TTL accepted (default 10 s)
	 */
	public Duration sessionTtlMinimum() {
		return this.sessionTtlMinimum;
	}

	@Override
	public String toString() {
		return "DevConsulSettings[bind=" + this.bindAddress + ":" + this.port + ", acl="
				+ ((this.aclToken != null) ? "on" : "off") + ", reapInterval=" + GoDuration.format(this.reapInterval)
				+ ", reapMinimum=" + GoDuration.format(this.reapMinimum) + ", node=" + this.nodeName + ", dc="
				+ this.datacenter + ", maxBodyBytes=" + this.maxBodyBytes + ", sessionTtlMin="
				+ GoDuration.format(this.sessionTtlMinimum) + "]";
	}

}
