/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.junction.testsupport.AppInstance;

/**
 * Watches a route's circuit breaker on a Junction gateway through its metrics endpoint
 * (Resilience4j's {@code resilience4j.circuitbreaker.state} gauge with
 * {@code state=open}, every 250 ms) and its count of calls not permitted, as an
 * operator's dashboard would.
 */
final class BreakerWatch implements AutoCloseable {

	private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([-0-9.Ee]+)");

	private final AppInstance gateway;

	private final String breaker;

	private final Thread poller;

	private volatile boolean running = true;

	private volatile int openSeen;

	private volatile int polls;

	private volatile int unanswered;

	BreakerWatch(AppInstance gateway, String breaker) {
		this.gateway = gateway;
		this.breaker = breaker;
		this.poller = new Thread(this::poll, "breaker-watch-" + breaker);
		this.poller.setDaemon(true);
		this.poller.start();
	}

	private void poll() {
		while (this.running) {
			double open = metric("resilience4j.circuitbreaker.state", "&tag=state:open");
			this.polls++;
			if (Double.isNaN(open)) {
				this.unanswered++;
			}
			else if (open > 0) {
				this.openSeen++;
			}
			Pause.millis(250);
		}
	}

	/** The metric's value for the breaker, or NaN when the gateway has no such metric. */
	double metric(String name, String moreTags) {
		try {
			HttpResponse<String> response = this.gateway
				.getManagement("/actuator/metrics/" + name + "?tag=name:" + this.breaker + moreTags);
			Matcher value = VALUE.matcher(response.body());
			return (response.statusCode() == 200 && value.find()) ? Double.parseDouble(value.group(1)) : Double.NaN;
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	/** Calls the breaker refused so far, or NaN when the gateway has no such metric. */
	double notPermitted() {
		return metric("resilience4j.circuitbreaker.not.permitted.calls", "");
	}

	/** Whether any poll saw the breaker open. */
	boolean opened() {
		return this.openSeen > 0;
	}

	/** Whether any poll could read the breaker's state. */
	boolean readable() {
		return this.unanswered < this.polls;
	}

	/** Such as {@code never open in 240 polls}. */
	String describe() {
		if (this.unanswered == this.polls) {
			return "breaker state not readable (no resilience4j.circuitbreaker.state metric)";
		}
		return (opened() ? "open in " + this.openSeen + " of " : "never open in ") + this.polls + " polls";
	}

	@Override
	public void close() {
		this.running = false;
		try {
			this.poller.join(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
