/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Token buckets in Redis, one hash per route and key, updated atomically by one Lua
 * script ({@code token-bucket.lua}) that reads Redis's own clock, so every replica sees
 * one bucket per client. The script is sent by its SHA (Spring Data falls back to sending
 * it whole once after a Redis restart).
 */
class RedisTokenBucket {

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static final RedisScript<List<Long>> SCRIPT = (RedisScript) RedisScript
		.of(new ClassPathResource("token-bucket.lua", RedisTokenBucket.class), List.class);

	private final ReactiveStringRedisTemplate redis;

	RedisTokenBucket(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Connects to Redis and loads the script, so the first request does not pay for the
	 * connection (and time out on it).
	 */
	Mono<Void> warmUp() {
		return this.redis
			.execute((connection) -> connection.scriptingCommands()
				.scriptLoad(ByteBuffer.wrap(SCRIPT.getScriptAsString().getBytes(StandardCharsets.UTF_8))))
			.then();
	}

	/**
	 * Takes tokens from the shared bucket in one script call.
	 * @param key the bucket's Redis key
	 * @param limit its capacity and refill rate
	 * @param wanted tokens wanted: as many as the bucket holds are granted, up to this
	 * @return what was granted and what is left
	 */
	Mono<BucketState> take(String key, RateLimitProperties.Limit limit, long wanted) {
		return this.redis
			.execute(SCRIPT, List.of(key),
					List.of(Integer.toString(limit.getCapacity()), Double.toString(limit.getRefillPerSecond()),
							Long.toString(wanted)))
			.next()
			.map((result) -> new BucketState(result.get(0), result.get(1), result.get(2), result.get(3)));
	}

}
