/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.data.Offset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the sticky bucket function that users rely on: the same user stays on one
 * version while the weight holds, and raising the weight only ever moves users to the
 * canary.
 */
class CanaryBucketsTests {

	@Property
	void aKeyAlwaysFallsIntoOneOfTheHundredBuckets(@ForAll("keys") String key) {
		assertThat(CanaryBuckets.bucket(key)).isBetween(0, CanaryBuckets.BUCKETS - 1);
	}

	@Property
	void theSameKeyAndWeightAlwaysGiveTheSameVersion(@ForAll("keys") String key,
			@ForAll @IntRange(min = 0, max = 100) int weight) {
		boolean first = CanaryBuckets.isCanary(key, weight);
		for (int i = 0; i < 5; i++) {
			assertThat(CanaryBuckets.isCanary(new String(key.toCharArray()), weight)).isEqualTo(first);
		}
	}

	@Property
	void raisingTheWeightOnlyMovesKeysFromStableToCanary(@ForAll("keys") String key,
			@ForAll @IntRange(min = 0, max = 100) int lower, @ForAll @IntRange(min = 0, max = 100) int higher) {
		if (lower > higher) {
			int swap = lower;
			lower = higher;
			higher = swap;
		}
		if (CanaryBuckets.isCanary(key, lower)) {
			assertThat(CanaryBuckets.isCanary(key, higher)).isTrue();
		}
		if (!CanaryBuckets.isCanary(key, higher)) {
			assertThat(CanaryBuckets.isCanary(key, lower)).isFalse();
		}
	}

	@Property
	void weightZeroIsNeverCanaryAndWeightHundredAlways(@ForAll("keys") String key) {
		assertThat(CanaryBuckets.isCanary(key, 0)).isFalse();
		assertThat(CanaryBuckets.isCanary(key, 100)).isTrue();
	}

	@Property(tries = 20)
	void aWeightSendsItsShareOfManyDistinctKeysToTheCanary(@ForAll @IntRange(min = 0, max = 100) int weight,
			@ForAll @IntRange(min = 0, max = 1_000_000) int offset) {
		int keys = 20_000;
		int canary = 0;
		for (int i = 0; i < keys; i++) {
			if (CanaryBuckets.isCanary("user-" + (offset + i), weight)) {
				canary++;
			}
		}
		// 20,000 keys: a binomial standard deviation is at most 0.35 points; allow 5
		assertThat(100.0 * canary / keys).isCloseTo(weight, Offset.offset(1.8));
	}

	@Provide
	Arbitrary<String> keys() {
		return Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(64),
				Arbitraries.integers().between(0, 10_000_000).map((id) -> "user-" + id),
				Arbitraries.strings().withCharRange('0', '9').ofLength(36));
	}

}
