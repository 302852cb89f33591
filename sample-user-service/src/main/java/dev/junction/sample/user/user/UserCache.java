/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
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
 * A read that loaded the old row just before an update committed must not put it back
 * after the invalidation (it would stay until the TTLs, {@code local-ttl} and
 * {@code shared-ttl}, run out). So an invalidation also counts up a generation per user
 * in Redis, and a load is written to Redis only if the generation is still the one read
 * before the load (a compare-and-set in one script); in process, a load is kept only if
 * no invalidation arrived while it ran.
 */
@Component
class UserCache {

	private static final RedisScript<Long> SET_IF_GENERATION = RedisScript
		.of("if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then "
				+ "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0", Long.class);

	private static final Log logger = LogFactory.getLog(UserCache.class);

	private final Cache<Long, User> local;

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final UserCacheProperties properties;

	/** Invalidations this instance has seen, to tell a load that raced one. */
	private final AtomicLong evictions = new AtomicLong();

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
		if (user != null) {
			return Optional.of(user);
		}
		long evictionsBefore = this.evictions.get();
		SharedEntry shared = readShared(id);
		user = (shared != null) ? shared.user() : null;
		if (user == null) {
			user = loader.apply(id).orElse(null);
			if (user == null) {
				return Optional.empty();
			}
			if (shared != null) {
				writeShared(user, shared.generation());
			}
		}
		this.local.put(id, user);
		if (this.evictions.get() != evictionsBefore) {
			// an invalidation arrived while this ran: what was read may be older than it
			this.local.asMap().remove(id, user);
		}
		return Optional.of(user);
	}

	/** Drops the user from Redis and, through the announcement, from every instance. */
	void invalidate(long id) {
		evictLocal(id);
		try {
			this.redis.opsForValue().increment(this.properties.generationKey(id));
			this.redis.expire(this.properties.generationKey(id), this.properties.sharedTtl());
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
		this.evictions.incrementAndGet();
		this.local.invalidate(id);
	}

	/**
	 * The user as Redis has it (or {@code null}) and the user's generation, read at once;
	 * {@code null} when the shared level is left out.
	 */
	private @Nullable SharedEntry readShared(long id) {
		if (sharedSkipped()) {
			return null;
		}
		try {
			List<String> values = this.redis.opsForValue()
				.multiGet(List.of(this.properties.key(id), this.properties.generationKey(id)));
			sharedAnswered();
			String cached = (values != null) ? values.get(0) : null;
			String generation = (values != null && values.get(1) != null) ? values.get(1) : "0";
			return new SharedEntry((cached != null) ? this.json.readValue(cached, User.class) : null, generation);
		}
		catch (RuntimeException ex) {
			sharedFailed("Reading user " + id + " from Redis", ex);
			return null;
		}
	}

	/**
	 * Caches a loaded user in Redis unless it was invalidated since the generation read.
	 */
	private void writeShared(User user, String generation) {
		if (sharedSkipped()) {
			return;
		}
		try {
			this.redis.execute(SET_IF_GENERATION,
					List.of(this.properties.key(user.id()), this.properties.generationKey(user.id())), generation,
					this.json.writeValueAsString(user), Long.toString(this.properties.sharedTtl().toMillis()));
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

	private record SharedEntry(@Nullable User user, String generation) {
	}

}
