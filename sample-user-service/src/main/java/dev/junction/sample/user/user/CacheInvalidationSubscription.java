/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Starts the cache-invalidation subscription without making Redis a start-up dependency:
 * the container's own start fails the application when Redis does not answer, so it is
 * started here, on a thread of its own, and tried again every
 * {@code junction.sample.user.cache.shared-retry-after} until Redis answers. Until then
 * the instance caches in process only and its entries expire after {@code local-ttl}.
 * Once subscribed, the container recovers from later Redis outages by itself.
 */
class CacheInvalidationSubscription implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(CacheInvalidationSubscription.class);

	private final RedisMessageListenerContainer container;

	private final UserCacheProperties properties;

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	CacheInvalidationSubscription(RedisMessageListenerContainer container, UserCacheProperties properties) {
		this.container = container;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.running = true;
		// with Redis there, subscribed before the instance takes traffic, as usual
		RuntimeException failure = trySubscribe();
		if (failure == null) {
			return;
		}
		logger.warn("Cannot subscribe to cache invalidations in Redis (" + failure.getMessage()
				+ "); in-process entries expire after " + this.properties.localTtl() + "; trying again every "
				+ this.properties.sharedRetryAfter());
		Thread subscriber = new Thread(this::subscribeUntilSubscribed, "user-cache-invalidations");
		subscriber.setDaemon(true);
		this.thread = subscriber;
		subscriber.start();
	}

	private @Nullable RuntimeException trySubscribe() {
		try {
			this.container.start();
			return null;
		}
		catch (RuntimeException ex) {
			// back to a state a later start can retry from
			this.container.stop();
			return ex;
		}
	}

	private void subscribeUntilSubscribed() {
		while (this.running) {
			try {
				Thread.sleep(this.properties.sharedRetryAfter().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (this.running && trySubscribe() == null) {
				logger.info("Subscribed to cache invalidations in Redis");
				return;
			}
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Thread subscriber = this.thread;
		if (subscriber != null) {
			subscriber.interrupt();
		}
		this.container.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
