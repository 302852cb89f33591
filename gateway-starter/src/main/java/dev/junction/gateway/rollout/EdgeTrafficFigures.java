/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * What the whole edge sees of each version of the services it routes by policy: every
 * replica counts requests, failures and latency per service, version and second in memory
 * (no I/O on the request path) and flushes the seconds that are over to Redis once a
 * second, into one hash per service, version and second
 * ({@code <prefix><service>:<version>:<epoch second>}, kept for {@link #RETENTION}). The
 * rollout controller, on whichever replica leads, sums the seconds of an interval over
 * every replica.
 * <p>
 * Latency goes into fixed buckets with the upper bounds {@link #BOUNDS_MILLIS} (and one
 * above the last); a p95 is the upper bound of the bucket that holds it, so it is exact
 * to a bucket, which is as much as a verdict of "p95 above stable's x 1.5 + 50 ms" needs.
 */
public class EdgeTrafficFigures {

	private static final Log logger = LogFactory.getLog(EdgeTrafficFigures.class);

	/** The buckets' upper bounds in milliseconds. */
	static final long[] BOUNDS_MILLIS = { 5, 10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000,
			5000, 10000 };

	/** How long Redis keeps a second's figures. */
	static final Duration RETENTION = Duration.ofMinutes(15);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final ConcurrentMap<Cell, Counts> seconds = new ConcurrentHashMap<>();

	private final @Nullable ReactiveStringRedisTemplate redis;

	private final String prefix;

	private final LongSupplier millisClock;

	private volatile boolean flushFailing;

	/**
	 * Figures kept in Redis.
	 * @param redis the Redis client
	 * @param prefix the key prefix, e.g. {@code junction:rollout:}
	 * @param millisClock the wall clock in epoch milliseconds (the seconds must line up
	 * across replicas)
	 */
	public EdgeTrafficFigures(@Nullable ReactiveStringRedisTemplate redis, String prefix, LongSupplier millisClock) {
		this.redis = redis;
		this.prefix = prefix;
		this.millisClock = millisClock;
	}

	/**
	 * Counts one request; called on the request path, so memory only.
	 * @param service the service
	 * @param version the version it was meant for
	 * @param failed whether it failed (5xx, a gateway failure, or a canary request that
	 * fell back to stable)
	 * @param latencyNanos how long it took
	 */
	public void record(String service, String version, boolean failed, long latencyNanos) {
		long second = Math.floorDiv(this.millisClock.getAsLong(), 1000);
		Counts counts = this.seconds.computeIfAbsent(new Cell(service, version, second), (cell) -> new Counts());
		counts.requests.increment();
		if (failed) {
			counts.errors.increment();
		}
		counts.buckets.incrementAndGet(bucket(latencyNanos / 1_000_000));
	}

	static int bucket(long millis) {
		for (int i = 0; i < BOUNDS_MILLIS.length; i++) {
			if (millis <= BOUNDS_MILLIS[i]) {
				return i;
			}
		}
		return BOUNDS_MILLIS.length;
	}

	/**
	 * Writes the seconds that are over to Redis and forgets them here. A failed write is
	 * dropped (the interval will look short of requests, so inconclusive, never better
	 * than it was).
	 */
	public void flush() {
		long current = Math.floorDiv(this.millisClock.getAsLong(), 1000);
		List<Mono<?>> writes = new ArrayList<>();
		for (Cell cell : List.copyOf(this.seconds.keySet())) {
			if (cell.second() >= current) {
				continue;
			}
			Counts counts = this.seconds.remove(cell);
			if (counts == null || this.redis == null) {
				continue;
			}
			String key = key(cell.service(), cell.version(), cell.second());
			Map<String, Long> fields = new HashMap<>();
			fields.put("requests", counts.requests.sum());
			fields.put("errors", counts.errors.sum());
			for (int i = 0; i < counts.buckets.length(); i++) {
				long value = counts.buckets.get(i);
				if (value > 0) {
					fields.put("b" + i, value);
				}
			}
			writes.add(Flux.fromIterable(fields.entrySet())
				.concatMap((field) -> this.redis.opsForHash().increment(key, field.getKey(), field.getValue()))
				.then(this.redis.expire(key, RETENTION)));
		}
		if (writes.isEmpty()) {
			return;
		}
		try {
			Flux.merge(writes).then().block(TIMEOUT);
			if (this.flushFailing) {
				this.flushFailing = false;
				logger.info("Rollout figures reach Redis again");
			}
		}
		catch (RuntimeException ex) {
			if (!this.flushFailing) {
				this.flushFailing = true;
				logger.warn("Cannot write rollout figures to Redis (" + ex.getMessage()
						+ "); analyses of the affected intervals will be inconclusive until it answers");
			}
		}
	}

	/**
	 * The figures of one version over an interval, summed over every replica.
	 * @param service the service
	 * @param version the version
	 * @param from the interval's start (inclusive)
	 * @param to its end (exclusive)
	 * @return the figures, {@code null} when Redis could not be read
	 */
	public @Nullable VersionFigures read(String service, String version, Instant from, Instant to) {
		if (this.redis == null) {
			return null;
		}
		long first = from.getEpochSecond();
		long end = to.getEpochSecond();
		List<String> keys = new ArrayList<>();
		for (long second = first; second < end; second++) {
			keys.add(key(service, version, second));
		}
		try {
			long[] sums = new long[BOUNDS_MILLIS.length + 3];
			List<Map<Object, Object>> hashes = Flux.fromIterable(keys)
				.concatMap((
						key) -> this.redis.opsForHash().entries(key).collectMap(Map.Entry::getKey, Map.Entry::getValue))
				.collectList()
				.block(TIMEOUT);
			for (Map<Object, Object> hash : (hashes != null) ? hashes : List.<Map<Object, Object>>of()) {
				sums[0] += number(hash.get("requests"));
				sums[1] += number(hash.get("errors"));
				for (int i = 0; i <= BOUNDS_MILLIS.length; i++) {
					sums[2 + i] += number(hash.get("b" + i));
				}
			}
			return new VersionFigures(sums[0], sums[1], p95(sums));
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot read rollout figures of " + service + " " + version + " from Redis (" + ex.getMessage()
					+ "); the interval is inconclusive");
			return null;
		}
	}

	private static double p95(long[] sums) {
		long total = 0;
		for (int i = 2; i < sums.length; i++) {
			total += sums[i];
		}
		if (total == 0) {
			return -1;
		}
		long rank = (long) Math.ceil(total * 0.95);
		long seen = 0;
		for (int i = 0; i <= BOUNDS_MILLIS.length; i++) {
			seen += sums[2 + i];
			if (seen >= rank) {
				return (i < BOUNDS_MILLIS.length) ? BOUNDS_MILLIS[i] : BOUNDS_MILLIS[BOUNDS_MILLIS.length - 1] * 2;
			}
		}
		return BOUNDS_MILLIS[BOUNDS_MILLIS.length - 1] * 2;
	}

	private static long number(@Nullable Object value) {
		if (value == null) {
			return 0;
		}
		try {
			return Long.parseLong(value.toString());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private String key(String service, String version, long second) {
		return this.prefix + service + ":" + version + ":" + second;
	}

	/** Seconds still in memory, for tests. */
	int pendingSeconds() {
		return this.seconds.size();
	}

	private record Cell(String service, String version, long second) {
	}

	private static final class Counts {

		private final LongAdder requests = new LongAdder();

		private final LongAdder errors = new LongAdder();

		private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS_MILLIS.length + 1);

	}

}
