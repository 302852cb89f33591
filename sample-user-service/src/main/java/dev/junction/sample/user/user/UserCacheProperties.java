/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the two-level user cache.
 *
 * @param keyPrefix prefix of the Redis keys and of the invalidation channel, so several
 * deployments (or test classes) can share one Redis
 * @param localTtl how long an instance keeps a user in memory; bounds staleness should an
 * invalidation message be missed (Redis restarted while subscribed)
 * @param localMaximumSize how many users an instance keeps in memory
 * @param sharedTtl how long a user stays in Redis
 * @param sharedRetryAfter how long the Redis level is left out after a failed call
 */
@ConfigurationProperties("junction.sample.user.cache")
record UserCacheProperties(@DefaultValue("sample-user:") String keyPrefix, @DefaultValue("60s") Duration localTtl,
		@DefaultValue("10000") long localMaximumSize, @DefaultValue("10m") Duration sharedTtl,
		@DefaultValue("10s") Duration sharedRetryAfter) {

	String key(long id) {
		return this.keyPrefix + "user:" + id;
	}

	/**
	 * Counts the invalidations of a user, so that a load that raced one is not cached.
	 */
	String generationKey(long id) {
		return this.keyPrefix + "generation:" + id;
	}

	String invalidationChannel() {
		return this.keyPrefix + "invalidations";
	}

}
