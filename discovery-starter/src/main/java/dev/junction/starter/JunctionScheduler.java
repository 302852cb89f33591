/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one way Junction's own code runs work in the background: one named daemon thread
 * per job (a relay, a cleanup, a delay), owned by the component that starts it and shut
 * down by that component when the application context closes (its
 * {@code SmartLifecycle#stop} or {@code DisposableBean#destroy}). Not a raw
 * {@link Thread}, not {@code CompletableFuture.delayedExecutor} (whose shared JDK thread
 * nobody stops and whose tasks run on the common pool), not a "run if due" check inside
 * another loop.
 * <p>
 * A task that throws is logged and, when periodic, keeps its schedule (a bare
 * {@code ScheduledExecutorService} would silently cancel it).
 * <p>
 * Internal to Junction: public so that the gateway starter can use it, not an API for
 * applications; it may change in any release.
 */
public final class JunctionScheduler implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(JunctionScheduler.class);

	private final String name;

	private final ScheduledThreadPoolExecutor executor;

	private JunctionScheduler(String name) {
		this.name = name;
		this.executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
	}

	/**
	 * A scheduler with one daemon thread of the given name, started with its first task.
	 * @param name the thread's name, {@code junction-<what it does>}
	 * @return the scheduler; its owner closes it
	 */
	public static JunctionScheduler named(String name) {
		return new JunctionScheduler(name);
	}

	/**
	 * Runs a task as soon as the thread is free.
	 * @param task the task
	 * @return its future
	 */
	public ScheduledFuture<?> execute(Runnable task) {
		return schedule(task, Duration.ZERO);
	}

	/**
	 * Runs a task once after a delay.
	 * @param task the task
	 * @param delay the delay
	 * @return its future, to cancel it
	 */
	public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		return this.executor.schedule(logged(task), delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Runs a task again and again, {@code delay} after each run ended.
	 * @param task the task
	 * @param initialDelay the delay before the first run
	 * @param delay the delay between the end of one run and the start of the next
	 * @return its future, to cancel it
	 */
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration initialDelay, Duration delay) {
		return this.executor.scheduleWithFixedDelay(logged(task), initialDelay.toNanos(), delay.toNanos(),
				TimeUnit.NANOSECONDS);
	}

	/**
	 * Takes no new tasks but runs those already given (delayed ones at their time, not
	 * periodic ones again); the thread ends after the last. Does not wait.
	 */
	public void finishPending() {
		this.executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(true);
		this.executor.shutdown();
	}

	/**
	 * Waits until the thread ended after {@link #finishPending()}, at most
	 * {@code patience}; what still runs then is left to run.
	 * @param patience how long to wait
	 * @return whether the thread ended within the patience
	 */
	public boolean awaitFinished(Duration patience) {
		try {
			return this.executor.awaitTermination(patience.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Stops now: no task starts any more and the running one, if any, is interrupted.
	 */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	/**
	 * Whether the scheduler takes no new tasks any more.
	 * @return {@code true} once closed or finishing
	 */
	public boolean isClosed() {
		return this.executor.isShutdown();
	}

	private Runnable logged(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.warn("Background task on " + this.name + " failed", ex);
			}
		};
	}

	@Override
	public String toString() {
		return "JunctionScheduler[" + this.name + "]";
	}

}
