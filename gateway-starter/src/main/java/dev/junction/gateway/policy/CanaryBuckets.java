/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Puts sticky keys into one of {@value #BUCKETS} buckets; a key goes to the canary when
 * its bucket is below the weight. Because the bucket depends on the key alone, the same
 * key and weight always give the same version (on every gateway replica: the hash is
 * fixed, not {@code String.hashCode()} of a JVM or a seeded one), and raising the weight
 * only adds buckets to the canary side, so it only ever moves keys from stable to canary.
 */
public final class CanaryBuckets {

	/** Number of buckets: one per percent of weight. */
	public static final int BUCKETS = 100;

	private static final long FNV_OFFSET = 0xcbf29ce484222325L;

	private static final long FNV_PRIME = 0x100000001b3L;

	private CanaryBuckets() {
	}

	/**
	 * The bucket of a key.
	 * @param key the sticky key
	 * @return a bucket in {@code [0, BUCKETS)}
	 */
	public static int bucket(String key) {
		long hash = FNV_OFFSET;
		for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
			hash ^= (b & 0xff);
			hash *= FNV_PRIME;
		}
		return (int) Long.remainderUnsigned(mix(hash), BUCKETS);
	}

	/**
	 * Whether a key goes to the canary at the given weight.
	 * @param key the sticky key
	 * @param weight the canary weight, 0 to 100
	 * @return {@code true} for the canary
	 */
	public static boolean isCanary(String key, int weight) {
		return bucket(key) < weight;
	}

	/**
	 * A per-request draw for requests without a key.
	 * @param weight the canary weight, 0 to 100
	 * @return {@code true} for the canary, with probability {@code weight/100}
	 */
	public static boolean drawCanary(int weight) {
		return ThreadLocalRandom.current().nextInt(BUCKETS) < weight;
	}

	/**
	 * MurmurHash3's 64-bit finalizer: FNV-1a alone leaves similar keys ({@code user-1},
	 * {@code user-2}) in neighbouring low bits.
	 */
	private static long mix(long hash) {
		long h = hash;
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		h *= 0xc4ceb9fe1a85ec53L;
		h ^= h >>> 33;
		return h;
	}

}
