/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQuery;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * The faults this instance injects into its own inbound requests, kept in step with the
 * document at {@code junction/faults/<service>} in Consul KV by a blocking query (a
 * change applies within one round trip). A deleted key stops every fault; an invalid
 * document is refused whole with a WARN saying why, and the faults in force stay. Only on
 * with {@code junction.faults.enabled=true}: for tests, demonstrations and chaos drills,
 * never by accident in production.
 */
public class FaultInjection implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(FaultInjection.class);

	private final String key;

	private final String version;

	private final JsonMapper json;

	private final @Nullable MeterRegistry meters;

	private final @Nullable ConsulBlockingQuery query;

	private final DoubleSupplier random;

	private volatile FaultRules rules = FaultRules.NONE;

	private volatile @Nullable String rejected;

	/**
	 * Watches the faults of one service.
	 * @param queries where Consul queries come from
	 * @param keyPrefix the KV prefix of the documents, e.g. {@code junction/faults/}
	 * @param service the service's name
	 * @param version this instance's version
	 * @param wait how long Consul may hold one query
	 * @param meters where the injected faults are counted, if anywhere
	 */
	public FaultInjection(ConsulBlockingQueries queries, String keyPrefix, String service, String version,
			Duration wait, @Nullable MeterRegistry meters) {
		this.key = (keyPrefix.endsWith("/") ? keyPrefix : keyPrefix + "/") + service;
		this.version = version;
		this.json = JsonMapper.builder().build();
		this.meters = meters;
		this.random = () -> ThreadLocalRandom.current().nextDouble();
		this.query = queries.query("/v1/kv/" + ConsulBlockingQueries.encodePath(this.key) + "?raw")
			.waitUpTo(wait)
			.notFoundAnswers()
			.describedAs("the fault document '" + this.key + "'", () -> "the faults in force stay")
			.build(this::answered);
	}

	/**
	 * Fixed rules and draws, for tests of the filters.
	 * @param rules the rules in force
	 * @param version this instance's version
	 * @param random the draws, each from 0 (inclusive) to 1 (exclusive)
	 */
	FaultInjection(FaultRules rules, String version, DoubleSupplier random) {
		this.key = "junction/faults/test";
		this.version = version;
		this.json = JsonMapper.builder().build();
		this.meters = null;
		this.query = null;
		this.random = random;
		this.rules = rules;
	}

	/**
	 * The rules in force.
	 * @return the rules, {@link FaultRules#NONE} when there are none
	 */
	public FaultRules rules() {
		return this.rules;
	}

	/**
	 * Why the last document was refused, if it was.
	 * @return the reason, {@code null} when the document in KV is in force
	 */
	public @Nullable String rejected() {
		return this.rejected;
	}

	/**
	 * Draws the fault for one request.
	 * @return the fault, {@code null} for none
	 */
	public @Nullable Fault next() {
		FaultRules current = this.rules;
		if (!current.appliesTo(this.version)) {
			return null;
		}
		Duration delay = (current.delayShare() > 0 && this.random.getAsDouble() < current.delayShare())
				? current.delay() : Duration.ZERO;
		int abort = (current.abortShare() > 0 && this.random.getAsDouble() < current.abortShare())
				? current.abortStatus() : 0;
		if (delay.isZero() && abort == 0) {
			return null;
		}
		if (this.meters != null) {
			if (!delay.isZero()) {
				this.meters.counter("junction.faults.injected", "kind", "delay").increment();
			}
			if (abort != 0) {
				this.meters.counter("junction.faults.injected", "kind", "abort").increment();
			}
		}
		return new Fault(delay, abort, this.key);
	}

	private void answered(ConsulBlockingQuery.Answer answer) {
		if (!answer.found()) {
			if (this.rules != FaultRules.NONE) {
				logger.info("Fault injection stopped: '" + this.key + "' was deleted");
			}
			this.rules = FaultRules.NONE;
			this.rejected = null;
			return;
		}
		FaultRules parsed;
		try {
			parsed = FaultRules.parse(answer.body(), this.json);
		}
		catch (IllegalArgumentException ex) {
			String reason = ex.getMessage();
			if (!reason.equals(this.rejected)) {
				logger.warn("Fault document '" + this.key + "' refused (" + reason + "); the faults in force stay: "
						+ describe(this.rules) + ". Fix the document or delete the key.");
			}
			this.rejected = reason;
			return;
		}
		this.rejected = null;
		if (!parsed.equals(this.rules)) {
			this.rules = parsed;
			logger.info("Fault injection from '" + this.key + "' now: " + describe(parsed)
					+ (parsed.appliesTo(this.version) ? "" : " (not this instance's version " + this.version + ")"));
		}
	}

	static String describe(FaultRules rules) {
		if (rules.abortShare() == 0 && rules.delayShare() == 0) {
			return "none";
		}
		StringBuilder text = new StringBuilder();
		if (rules.abortShare() > 0) {
			text.append(Math.round(rules.abortShare() * 1000) / 10.0)
				.append(" % answered ")
				.append(rules.abortStatus());
		}
		if (rules.delayShare() > 0) {
			text.append(text.isEmpty() ? "" : ", ")
				.append(Math.round(rules.delayShare() * 1000) / 10.0)
				.append(" % delayed ")
				.append(rules.delay().toMillis())
				.append(" ms");
		}
		return text + ((rules.version() != null) ? " on version " + rules.version() : " on every version");
	}

	@Override
	public void start() {
		if (this.query != null) {
			this.query.start();
		}
	}

	@Override
	public void stop() {
		if (this.query != null) {
			this.query.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return this.query != null && this.query.isRunning();
	}

	/**
	 * One request's fault.
	 *
	 * @param delay how long to hold the request first, zero for no delay
	 * @param abortStatus the status to answer instead of handling it, 0 to handle it
	 * @param key the KV key that asked for it
	 */
	public record Fault(Duration delay, int abortStatus, String key) {

		/**
		 * The header value that marks the answer.
		 * @return {@code abort}, {@code delay} or {@code delay, abort}
		 */
		public String marker() {
			if (this.abortStatus == 0) {
				return "delay";
			}
			return this.delay.isZero() ? "abort" : "delay, abort";
		}

		/**
		 * The problem body of an aborted request.
		 * @return the JSON
		 */
		public byte[] problem() {
			String key = this.key.replace("\\", "\\\\").replace("\"", "\\\"");
			return ("{\"type\":\"about:blank\",\"title\":\"Injected fault\",\"status\":" + this.abortStatus
					+ ",\"detail\":\"This answer is a fault injected on purpose by the Consul KV document '" + key
					+ "' (junction.faults.enabled=true); it is not a defect of the service.\"}")
				.getBytes(StandardCharsets.UTF_8);
		}

	}

}
