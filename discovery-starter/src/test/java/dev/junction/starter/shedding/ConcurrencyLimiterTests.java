/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ConcurrencyLimiterTests {

	private long now;

	@Test
	void aFixedLimitAdmitsExactlyItsSizeAndRefusesTheRestAtOnce() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(new FixedConcurrencyLimit(8), () -> this.now);
		List<ConcurrencyLimiter.Permit> permits = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			permits.add(limiter.tryAcquire());
		}
		assertThat(permits).doesNotContainNull();
		assertThat(limiter.tryAcquire()).isNull();
		assertThat(limiter.tryAcquire()).isNull();
		assertThat(limiter.rejected()).isEqualTo(2);
		assertThat(limiter.inFlight()).isEqualTo(8);
		permits.remove(0).release();
		assertThat(limiter.tryAcquire()).isNotNull();
		assertThat(limiter.limit()).isEqualTo(8);
	}

	@Test
	void aFixedLimitStaysPutWhateverTheLatency() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(new FixedConcurrencyLimit(8), () -> this.now);
		for (int i = 0; i < 100; i++) {
			ConcurrencyLimiter.Permit permit = limiter.tryAcquire();
			this.now += Duration.ofSeconds(i % 2).toNanos();
			permit.release();
		}
		assertThat(limiter.limit()).isEqualTo(8);
	}

	@Test
	void aPermitFreesItsPlaceOnceHoweverOftenItIsReleased() {
		RecordingLimit limit = new RecordingLimit();
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(limit, () -> this.now);
		ConcurrencyLimiter.Permit first = limiter.tryAcquire();
		ConcurrencyLimiter.Permit second = limiter.tryAcquire();
		this.now += Duration.ofMillis(40).toNanos();
		first.release();
		first.release();
		first.abandon();
		assertThat(limiter.inFlight()).isEqualTo(1);
		assertThat(limit.samples).containsExactly(Duration.ofMillis(40).toNanos());
		second.abandon();
		second.release();
		assertThat(limiter.inFlight()).isZero();
		assertThat(limit.samples).hasSize(1);
	}

	@Test
	void settingsThatCannotWorkStopTheStartNamingTheKeys() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new LimitSettings(LimitSettings.Kind.ADAPTIVE, 100, 50, 60, 500, Duration.ofSeconds(1))
				.validate("junction.load-shedding"))
			.withMessageContaining("min-limit <= initial-limit <= max-limit (were 60, 50, 500)");
		assertThatIllegalStateException()
			.isThrownBy(() -> new LimitSettings(LimitSettings.Kind.FIXED, 0, 50, 10, 500, Duration.ofSeconds(1))
				.validate("junction.load-shedding"))
			.withMessageContaining("junction.load-shedding.fixed-limit must be at least 1");
		assertThatIllegalStateException()
			.isThrownBy(() -> new LimitSettings(LimitSettings.Kind.FIXED, 8, 50, 10, 500, Duration.ZERO)
				.validate("junction.load-shedding"))
			.withMessageContaining("retry-after must be positive");
		// a fixed limit does not care about the adaptive bounds
		assertThat(new LimitSettings(LimitSettings.Kind.FIXED, 8, 1, 10, 5, Duration.ofMillis(1500))
			.validate("junction.load-shedding")
			.retryAfterSeconds()).isEqualTo("2");
	}

	static final class RecordingLimit implements ConcurrencyLimit {

		final List<Long> samples = new ArrayList<>();

		@Override
		public int limit() {
			return 10;
		}

		@Override
		public void onSample(long rttNanos, int inFlight, long nowNanos) {
			this.samples.add(rttNanos);
		}

	}

}
