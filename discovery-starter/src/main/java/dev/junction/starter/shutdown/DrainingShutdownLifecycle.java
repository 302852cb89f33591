/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shutdown;

import java.time.Duration;
import java.util.List;

import dev.junction.starter.JunctionScheduler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Takes the instance out of rotation before the web server stops: on shutdown it marks
 * readiness as refusing traffic, deregisters from the service registry at once (instead
 * of at bean destruction, after the server has already gone, which is spring-cloud's
 * default), then waits {@code junction.shutdown.drain-delay} while still serving, so
 * consumers that chose this instance a moment ago still get answers.
 * <p>
 * It runs in the lifecycle phase just above
 * {@link WebServerApplicationContext#GRACEFUL_SHUTDOWN_PHASE}: lifecycles stop from the
 * highest phase down, so it completes right before Boot's graceful shutdown of the web
 * server begins. The wait does not hold a thread.
 */
public class DrainingShutdownLifecycle implements SmartLifecycle {

	static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;

	private static final Log logger = LogFactory.getLog(DrainingShutdownLifecycle.class);

	private final ApplicationEventPublisher publisher;

	private final List<AbstractAutoServiceRegistration<?>> registrations;

	private final Duration drainDelay;

	private volatile boolean running;

	public DrainingShutdownLifecycle(ApplicationEventPublisher publisher,
			List<AbstractAutoServiceRegistration<?>> registrations, Duration drainDelay) {
		this.publisher = publisher;
		this.registrations = registrations;
		this.drainDelay = drainDelay;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException("Stop must not be invoked directly");
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		for (AbstractAutoServiceRegistration<?> registration : this.registrations) {
			try {
				registration.stop();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not deregister before shutdown; consumers will notice through the failing "
						+ "readiness check instead", ex);
			}
		}
		if (this.drainDelay.isZero() || this.drainDelay.isNegative()) {
			callback.run();
			return;
		}
		logger.info("Deregistered; serving for " + this.drainDelay.toMillis()
				+ " ms more (junction.shutdown.drain-delay) so consumers notice, then shutting down gracefully");
		JunctionScheduler drain = JunctionScheduler.named("junction-shutdown-drain");
		drain.schedule(callback, this.drainDelay);
		// its thread ends once the callback ran
		drain.finishPending();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public boolean isPauseable() {
		return false;
	}

}
