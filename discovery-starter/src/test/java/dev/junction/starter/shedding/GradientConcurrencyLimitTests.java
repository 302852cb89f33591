/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The gradient limit, fed through a {@link ConcurrencyLimiter} on a fake clock: requests
 * are admitted, the clock moves by their response time, and they are released.
 */
class GradientConcurrencyLimitTests {

	private long now;

	private final GradientConcurrencyLimit limit = new GradientConcurrencyLimit(20, 4, 100);

	private final ConcurrencyLimiter limiter = new ConcurrencyLimiter(this.limit, () -> this.now);

	@Test
	void aBusyServiceAnsweringFastGetsAHigherLimitUpToItsMaximum() {
		int before = this.limiter.limit();
		runFullWaves(30, Duration.ofMillis(10));
		assertThat(this.limiter.limit()).isGreaterThan(before);
		runFullWaves(100, Duration.ofMillis(10));
		assertThat(this.limiter.limit()).isEqualTo(100);
	}

	@Test
	void whenTheServiceSlowsDownTheLimitFalls() {
		runFullWaves(50, Duration.ofMillis(10));
		int fast = this.limiter.limit();
		runFullWaves(5, Duration.ofMillis(100));
		assertThat(this.limiter.limit()).isLessThan(fast / 2);
	}

	@Test
	void theLimitNeverLeavesItsBoundsButForAProbe() {
		GradientConcurrencyLimit limit = new GradientConcurrencyLimit(20, 10, 60);
		ConcurrencyLimiter bounded = new ConcurrencyLimiter(limit, () -> this.now);
		List<Integer> limits = new ArrayList<>();
		List<Integer> probeLimits = new ArrayList<>();
		for (int round = 0; round < 20; round++) {
			for (int wave = 0; wave < 10; wave++) {
				runFullWave(bounded, Duration.ofMillis(5));
				(limit.probing() ? probeLimits : limits).add(bounded.limit());
			}
			for (int wave = 0; wave < 10; wave++) {
				runFullWave(bounded, Duration.ofMillis(500));
				(limit.probing() ? probeLimits : limits).add(bounded.limit());
			}
		}
		assertThat(limits).allSatisfy((value) -> assertThat(value).isBetween(10, 60)).contains(10, 60);
		// the limit is held at a quarter while its no-load time is measured again
		assertThat(probeLimits).isNotEmpty().allSatisfy((value) -> assertThat(value).isBetween(2, 15));
	}

	@Test
	void aServiceKeptAtItsLimitHasItsNoLoadTimeMeasuredAgainSoItsLimitRecovers() {
		runFullWaves(50, Duration.ofMillis(10));
		int fast = this.limiter.limit();
		// slower for good: the limit falls, then a probe learns the new time
		runFullWaves(5, Duration.ofMillis(100));
		assertThat(this.limiter.limit()).isLessThan(fast / 2);
		runFullWaves(100, Duration.ofMillis(100));
		assertThat(this.limiter.limit()).isGreaterThanOrEqualTo(fast / 2);
	}

	@Test
	void aLightlyLoadedServiceKeepsItsLimitEvenWhenACallIsSlow() {
		for (int i = 0; i < 200; i++) {
			ConcurrencyLimiter.Permit permit = this.limiter.tryAcquire();
			this.now += Duration.ofMillis((i % 10 == 0) ? 2000 : 10).toNanos();
			permit.release();
		}
		assertThat(this.limiter.limit()).isEqualTo(20);
	}

	@Test
	void anOverloadThatEndedGivesTheLimitBackUnderLightLoadButNoMore() {
		runFullWaves(5, Duration.ofMillis(10));
		runFullWaves(5, Duration.ofMillis(200));
		assertThat(this.limiter.limit()).as("cut by the overload").isLessThan(20);
		// light load at the no-load time: one or two requests in flight, none refused
		List<Integer> limits = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			ConcurrencyLimiter.Permit first = this.limiter.tryAcquire();
			ConcurrencyLimiter.Permit second = (i % 2 == 0) ? this.limiter.tryAcquire() : null;
			assertThat(first).as("request %d refused under light load", i).isNotNull();
			this.now += Duration.ofMillis(10).toNanos();
			first.release();
			if (second != null) {
				second.release();
			}
			limits.add(this.limiter.limit());
		}
		// a burst of the initial limit's size is admitted again, and light load never
		// raised the limit beyond what the route starts with
		assertThat(this.limiter.limit()).isEqualTo(20);
		assertThat(limits).allSatisfy((value) -> assertThat(value).isLessThanOrEqualTo(20));
		List<ConcurrencyLimiter.Permit> burst = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			burst.add(this.limiter.tryAcquire());
		}
		assertThat(burst).doesNotContainNull();
	}

	@Test
	void aLimitStillRefusingDoesNotRecoverFromLightSamples() {
		runFullWaves(5, Duration.ofMillis(10));
		runFullWaves(5, Duration.ofMillis(200));
		assertThat(this.limiter.limit()).isLessThan(20);
		// requests are still refused: the few admitted ones that find no queue must not
		// lift the limit back to the initial 20 while that goes on (30 unrefused would)
		List<Integer> limits = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			this.limit.onRefused(this.now);
			this.now += Duration.ofMillis(10).toNanos();
			this.limit.onSample(Duration.ofMillis(10).toNanos(), 1, this.now);
			limits.add(this.limit.limit());
		}
		assertThat(limits).allSatisfy((value) -> assertThat(value).isLessThan(10));
	}

	@Test
	void impossibleBoundsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new GradientConcurrencyLimit(2, 4, 100))
			.withMessageContaining("min 4, initial 2");
		assertThatIllegalArgumentException().isThrownBy(() -> new GradientConcurrencyLimit(20, 0, 100));
	}

	/**
	 * Fills the limit with requests, lets each take its time, and releases them, as a
	 * service saturated by its callers sees it.
	 */
	private void runFullWaves(int waves, Duration responseTime) {
		for (int wave = 0; wave < waves; wave++) {
			runFullWave(this.limiter, responseTime);
		}
	}

	private void runFullWave(ConcurrencyLimiter limiter, Duration responseTime) {
		List<ConcurrencyLimiter.Permit> permits = new ArrayList<>();
		ConcurrencyLimiter.Permit permit;
		while ((permit = limiter.tryAcquire()) != null) {
			permits.add(permit);
		}
		this.now += responseTime.toNanos();
		permits.forEach(ConcurrencyLimiter.Permit::release);
	}

}
