/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import java.util.Optional;
import java.util.function.LongFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Two cache levels in front of the database. The in-process level answers repeated reads
 * without a network hop; the Redis level shares loaded users between instances, so the
 * database sees about one load per user rather than one per instance.
 * <p>
 * {@link #invalidate} deletes the Redis entry and announces the id on a Redis channel;
 * every instance, this one included, drops its in-process entry when the announcement
 * arrives ({@link CacheInvalidationListener}). Redis trouble degrades reads to the
 * database instead of failing them: after a failed Redis call the shared level is left
 * out for {@code shared-retry-after} (so that reads do not each wait for Redis's timeout
 * while it is gone; the instance caches in process only) and tried again after that.
 * <p>
 * Known window: a read that loaded the old row just before an update committed can put it
 * back after the invalidation; the TTLs ({@code local-ttl}, {@code shared-ttl}) bound how
 * long. A sample trades that for simplicity; a versioned compare-and-set would close it.
 */
@Component
class UserCache {

	private static final Log logger = LogFactory.getLog(UserCache.class);

	private final Cache<Long, User> local;

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final UserCacheProperties properties;

	/**
	 * Until when the shared level is left out after a failure ({@code System.nanoTime}).
	 */
	private volatile long sharedSkippedUntil;

	private volatile boolean sharedDown;

	UserCache(StringRedisTemplate redis, JsonMapper json, UserCacheProperties properties) {
		this.redis = redis;
		this.json = json;
		this.properties = properties;
		this.local = Caffeine.newBuilder()
			.expireAfterWrite(properties.localTtl())
			.maximumSize(properties.localMaximumSize())
			.build();
	}

	/**
	 * The user from the first level that has it, loading it on a miss. Unknown ids are
	 * not cached: a user created later must be found at once.
	 */
	Optional<User> get(long id, LongFunction<Optional<User>> loader) {
		User user = this.local.getIfPresent(id);
		if (user == null) {
			user = readShared(id);
			if (user == null) {
				user = loader.apply(id).orElse(null);
				if (user == null) {
					return Optional.empty();
				}
				writeShared(user);
			}
			this.local.put(id, user);
		}
		return Optional.of(user);
	}

	/** Drops the user from Redis and, through the announcement, from every instance. */
	void invalidate(long id) {
		this.local.invalidate(id);
		try {
			this.redis.delete(this.properties.key(id));
			this.redis.convertAndSend(this.properties.invalidationChannel(), Long.toString(id));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not invalidate user " + id + " in Redis; other instances may serve it for up to "
					+ this.properties.localTtl() + ": " + ex.getMessage());
		}
	}

	/** Drops this instance's copy; called for every announcement. */
	void evictLocal(long id) {
		this.local.invalidate(id);
	}

	private User readShared(long id) {
		if (sharedSkipped()) {
			return null;
		}
		try {
			String cached = this.redis.opsForValue().get(this.properties.key(id));
			sharedAnswered();
			return (cached != null) ? this.json.readValue(cached, User.class) : null;
		}
		catch (RuntimeException ex) {
			sharedFailed("Reading user " + id + " from Redis", ex);
			return null;
		}
	}

	private void writeShared(User user) {
		if (sharedSkipped()) {
			return;
		}
		try {
			this.redis.opsForValue()
				.set(this.properties.key(user.id()), this.json.writeValueAsString(user), this.properties.sharedTtl());
			sharedAnswered();
		}
		catch (RuntimeException ex) {
			sharedFailed("Caching user " + user.id() + " in Redis", ex);
		}
	}

	private boolean sharedSkipped() {
		return this.sharedDown && System.nanoTime() - this.sharedSkippedUntil < 0;
	}

	private void sharedAnswered() {
		if (this.sharedDown) {
			this.sharedDown = false;
			logger.info("Redis answers again: the shared cache level is back");
		}
	}

	private void sharedFailed(String what, RuntimeException ex) {
		this.sharedSkippedUntil = System.nanoTime() + this.properties.sharedRetryAfter().toNanos();
		if (!this.sharedDown) {
			this.sharedDown = true;
			logger.warn(what + " failed; reading the database and caching in process only, trying Redis again every "
					+ this.properties.sharedRetryAfter() + ": " + ex.getMessage());
		}
	}

}
