/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.registration;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import dev.junction.starter.JunctionScheduler;
import dev.junction.starter.consul.ConsulBlockingQueries;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the instance registered. spring-cloud-consul registers once, at start: an agent
 * that could not be reached then, or that restarted without its state later, would never
 * know the instance. Every few seconds (and at once when a watch sees the agent reset)
 * this asks the agent whether it knows the instance's service id
 * ({@code GET /v1/agent/service/<id>}, 404 when not) and, when it does not, registers the
 * same registration again through spring-cloud-consul's {@link ConsulServiceRegistry}.
 * While the agent cannot be reached the checks back off from a second up to the check
 * interval.
 * <p>
 * Stops before the instance deregisters at shutdown, so it never registers a draining
 * instance again.
 */
public class RegistrationKeeper implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RegistrationKeeper.class);

	static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 2;

	private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final ObjectProvider<ConsulServiceRegistry> registryProvider;

	private final ObjectProvider<ConsulAutoRegistration> registrationProvider;

	private final ObjectProvider<ConsulAutoServiceRegistration> autoRegistrationProvider;

	private final ObjectProvider<ConsulDiscoveryProperties> discoveryProvider;

	private boolean register;

	private @Nullable ConsulServiceRegistry registry;

	private @Nullable ConsulAutoRegistration registration;

	private @Nullable ConsulAutoServiceRegistration autoRegistration;

	private final ConsulBlockingQueries queries;

	private final Duration interval;

	private final Object lock = new Object();

	private @Nullable JunctionScheduler scheduler;

	private @Nullable ScheduledFuture<?> pending;

	private boolean confirmed;

	private boolean registering;

	private boolean unreachable;

	private int failures;

	/**
	 * A keeper of spring-cloud-consul's registration; it does nothing where
	 * spring-cloud-consul does not register the instance.
	 * @param registry spring-cloud-consul's registry
	 * @param registration the registration it makes at start
	 * @param autoRegistration its auto-registration, to act only once it ran
	 * @param discovery its settings ({@code register=false} leaves registration alone)
	 * @param queries the application's Consul queries (address, token, reachability)
	 * @param interval how often to check
	 */
	public RegistrationKeeper(ObjectProvider<ConsulServiceRegistry> registry,
			ObjectProvider<ConsulAutoRegistration> registration,
			ObjectProvider<ConsulAutoServiceRegistration> autoRegistration,
			ObjectProvider<ConsulDiscoveryProperties> discovery, ConsulBlockingQueries queries, Duration interval) {
		this.registryProvider = registry;
		this.registrationProvider = registration;
		this.autoRegistrationProvider = autoRegistration;
		this.discoveryProvider = discovery;
		this.queries = queries;
		this.interval = interval;
		queries.onReset(this::checkSoon);
	}

	@Override
	public void start() {
		synchronized (this.lock) {
			if (this.scheduler == null) {
				this.registry = this.registryProvider.getIfAvailable();
				this.registration = this.registrationProvider.getIfAvailable();
				this.autoRegistration = this.autoRegistrationProvider.getIfAvailable();
				ConsulDiscoveryProperties discovery = this.discoveryProvider.getIfAvailable();
				this.register = discovery == null || discovery.isRegister();
				if (this.registry == null || this.registration == null) {
					return;
				}
				this.scheduler = JunctionScheduler.named("junction-registration");
				this.pending = this.scheduler.schedule(this::check, FIRST_RETRY);
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.lock) {
			if (this.scheduler != null) {
				this.scheduler.close();
				this.scheduler = null;
			}
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lock) {
			return this.scheduler != null;
		}
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void checkSoon() {
		next(Duration.ZERO);
	}

	/** Schedules the next check in place of the one pending: one chain of checks. */
	private void next(Duration delay) {
		synchronized (this.lock) {
			if (this.scheduler != null && !this.scheduler.isClosed()) {
				if (this.pending != null) {
					this.pending.cancel(false);
				}
				this.pending = this.scheduler.schedule(this::check, delay);
			}
		}
	}

	/** One check; only ever runs on the keeper's one thread. */
	void check() {
		ConsulServiceRegistry registry = this.registry;
		ConsulAutoRegistration registration = this.registration;
		if (registry == null || registration == null) {
			return;
		}
		if ((this.autoRegistration != null && !this.autoRegistration.isRunning())
				|| registration.getService().getPort() == null || !this.register) {
			next(this.interval);
			return;
		}
		String id = registration.getInstanceId();
		int status;
		try {
			status = this.queries.get("/v1/agent/service/" + ConsulBlockingQueries.encode(id), TIMEOUT);
		}
		catch (InterruptedIOException ex) {
			// stopped with the application context
			return;
		}
		catch (IOException ex) {
			failed(id, ex.toString());
			return;
		}
		if (status == 200) {
			if (this.registering) {
				logger.info("Registered '" + id + "' in Consul, which did not know it");
			}
			this.registering = false;
			this.confirmed = true;
			this.unreachable = false;
			this.failures = 0;
			next(this.interval);
		}
		else if (status == 404) {
			if (this.confirmed) {
				logger.info("The Consul agent no longer knows '" + id
						+ "' (restarted without its state?); registering it again");
			}
			this.confirmed = false;
			this.registering = true;
			this.failures++;
			registry.register(registration);
			next(backoff());
		}
		else {
			failed(id, "Consul answered " + status);
		}
	}

	private void failed(String id, String reason) {
		if (!this.unreachable) {
			this.unreachable = true;
			logger.warn("Cannot check the registration of '" + id + "' in Consul (" + reason
					+ "); the instance keeps serving and registers once the agent answers");
		}
		this.failures++;
		next(backoff());
	}

	/** 1 s after the first failure, doubling up to the check interval. */
	private Duration backoff() {
		Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(Math.max(this.failures - 1, 0), 10));
		return (delay.compareTo(this.interval) > 0) ? this.interval : delay;
	}

}
