/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive limit in front of a simulated service ({@link QueueingModel}), with the
 * gateway's default bounds (initial 100, min 20, max 1000): under sustained overload it
 * keeps admitted requests close to the service's own time while the service stays busy,
 * it follows a service that slows down or scales out, and it refuses nothing the service
 * can take. Bench O1 measures the same on the real gateway.
 */
class GradientLimitQueueingModelTests {

	private static final Duration SERVICE_TIME = Duration.ofMillis(50);

	private static final int WORKERS = 8;

	/** The slowest answer without queueing: service times are 0.5-1.5 times the mean. */
	private static final double UNLOADED_P99_MILLIS = 1.5 * SERVICE_TIME.toMillis();

	/** What the service can answer: 8 workers of 50 ms. */
	private static final double CAPACITY = WORKERS * 1000.0 / SERVICE_TIME.toMillis();

	private final QueueingModel model = new QueueingModel(new GradientConcurrencyLimit(100, 20, 1000), WORKERS,
			SERVICE_TIME);

	@Test
	void sustainedOverloadKeepsAdmittedRequestsFastAndTheServiceBusy() {
		this.model.offer(480, Duration.ofSeconds(10));
		for (int i = 0; i < 6; i++) {
			QueueingModel.Window window = this.model.offer(480, Duration.ofSeconds(10));
			assertThat(window.latencyMillis(0.99)).as("admitted p99 (ms), %s", window)
				.isLessThanOrEqualTo(3 * UNLOADED_P99_MILLIS);
			assertThat(window.goodput()).as("goodput, %s", window).isGreaterThanOrEqualTo(0.9 * CAPACITY);
		}
	}

	@Test
	void aServiceThatBecomesSlowerUnderOverloadKeepsBeingUsedFully() {
		this.model.offer(480, Duration.ofSeconds(30));
		this.model.serviceTime(SERVICE_TIME.multipliedBy(3));
		this.model.offer(480, Duration.ofSeconds(15));
		QueueingModel.Window window = this.model.offer(480, Duration.ofSeconds(30));
		assertThat(window.goodput()).as("goodput, %s", window).isGreaterThanOrEqualTo(0.9 * CAPACITY / 3);
		assertThat(window.latencyMillis(0.99)).as("admitted p99 (ms), %s", window)
			.isLessThanOrEqualTo(3 * 3 * UNLOADED_P99_MILLIS);
	}

	@Test
	void aServiceScaledOutUnderOverloadIsGivenTheTrafficItCanNowTake() {
		this.model.offer(480, Duration.ofSeconds(30));
		this.model.workers(WORKERS * 8);
		this.model.offer(480, Duration.ofSeconds(10));
		QueueingModel.Window window = this.model.offer(480, Duration.ofSeconds(20));
		assertThat(window.refused).as("refused, %s", window).isZero();
		assertThat(window.latencyMillis(0.99)).as("admitted p99 (ms), %s", window)
			.isLessThanOrEqualTo(UNLOADED_P99_MILLIS);
	}

	@Test
	void nothingIsRefusedWhileTheServiceKeepsUp() {
		for (int i = 0; i < 6; i++) {
			QueueingModel.Window window = this.model.offer((int) (0.8 * CAPACITY), Duration.ofSeconds(10));
			assertThat(window.refused).as("refused, %s", window).isZero();
		}
	}

	@Test
	void aBusyServiceThatKeepsUpIsNeverRefusedEvenAboveHalfItsMaximumLimit() {
		// 64 workers at 500/s: about 25 requests in flight, above half the maximum limit
		// of 40, where the limit cannot grow away from them
		QueueingModel busy = new QueueingModel(new GradientConcurrencyLimit(20, 10, 40), 64, SERVICE_TIME);
		// the initial limit of 20 refuses some until the limit has grown
		busy.offer(500, Duration.ofSeconds(10));
		for (int i = 0; i < 12; i++) {
			QueueingModel.Window window = busy.offer(500, Duration.ofSeconds(10));
			assertThat(window.refused).as("refused, %s", window).isZero();
		}
	}

	@Test
	void overloadAfterAQuietHourIsCutBackAsFast() {
		this.model.offer(40, Duration.ofMinutes(60));
		this.model.offer(480, Duration.ofSeconds(10));
		QueueingModel.Window window = this.model.offer(480, Duration.ofSeconds(20));
		assertThat(window.latencyMillis(0.99)).as("admitted p99 (ms), %s", window)
			.isLessThanOrEqualTo(3 * UNLOADED_P99_MILLIS);
		assertThat(window.goodput()).as("goodput, %s", window).isGreaterThanOrEqualTo(0.9 * CAPACITY);
	}

}
