/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.JunctionMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of {@link OutlierDetector} on a fake clock.
 */
class OutlierDetectorTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private final AtomicLong now = new AtomicLong();

	private final OutlierDetectionProperties settings = new OutlierDetectionProperties();

	private final ServiceInstance a = instance("a", "v1");

	private final ServiceInstance b = instance("b", "v1");

	private final ServiceInstance c = instance("c", "v1");

	private OutlierDetector detector;

	private OutlierDetector detector(ServiceInstance... passing) {
		this.detector = new OutlierDetector(this.settings, this.now::get, Clock.fixed(START, ZoneOffset.UTC));
		this.detector.passingChanged("users", List.of(passing));
		return this.detector;
	}

	@Test
	void threeGatewayFailuresInARowEject() {
		detector(this.a, this.b, this.c);
		answer(this.a, HttpStatus.BAD_GATEWAY);
		fail(this.a, new TimeoutException("Response took longer than timeout"));
		assertThat(this.detector.isEjected(this.a)).isFalse();
		fail(this.a, new IOException("Connection reset by peer"));
		assertThat(this.detector.isEjected(this.a)).isTrue();
		assertThat(this.detector.ejected().get("users")).singleElement()
			.satisfies((ejected) -> assertThat(ejected.reason()).isEqualTo("consecutive-gateway-failures"));
	}

	@Test
	void fiveServerErrorsInARowEject() {
		detector(this.a, this.b, this.c);
		for (int i = 0; i < 4; i++) {
			answer(this.a, (i == 2) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR);
		}
		assertThat(this.detector.isEjected(this.a)).isFalse();
		answer(this.a, HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(this.detector.isEjected(this.a)).isTrue();
		assertThat(this.detector.ejected().get("users")).singleElement()
			.satisfies((ejected) -> assertThat(ejected.reason()).isEqualTo("consecutive-5xx"));
	}

	@Test
	void aRefusedConnectionEjectsAtOnceHoweverWrapped() {
		detector(this.a, this.b, this.c);
		fail(this.a, new WebClientRequestException(new ConnectException("Connection refused"), HttpMethod.GET,
				URI.create("http://users/"), new HttpHeaders()));
		assertThat(this.detector.isEjected(this.a)).isTrue();
		assertThat(this.detector.ejected().get("users")).singleElement()
			.satisfies((ejected) -> assertThat(ejected.reason()).isEqualTo("connect-failure"));
	}

	@Test
	void aSuccessResetsTheCounts() {
		detector(this.a, this.b, this.c);
		fail(this.a, new IOException("Connection reset"));
		fail(this.a, new IOException("Connection reset"));
		answer(this.a, HttpStatus.OK);
		fail(this.a, new IOException("Connection reset"));
		fail(this.a, new IOException("Connection reset"));
		for (int i = 0; i < 4; i++) {
			answer(this.b, HttpStatus.INTERNAL_SERVER_ERROR);
		}
		answer(this.b, HttpStatus.NOT_FOUND);
		for (int i = 0; i < 4; i++) {
			answer(this.b, HttpStatus.INTERNAL_SERVER_ERROR);
		}
		assertThat(this.detector.isEjected(this.a)).isFalse();
		assertThat(this.detector.isEjected(this.b)).isFalse();
	}

	@Test
	void eachEjectionOfTheSameInstanceLastsLongerUpToTheCap() {
		detector(this.a, this.b, this.c);
		long[] expectedSeconds = { 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 60 };
		for (long seconds : expectedSeconds) {
			fail(this.a, new ConnectException("Connection refused"));
			advance(Duration.ofSeconds(seconds).minusMillis(1));
			assertThat(this.detector.isEjected(this.a)).as("ejected for %ss", seconds).isTrue();
			advance(Duration.ofMillis(1));
			assertThat(this.detector.isEjected(this.a)).as("back after %ss", seconds).isFalse();
		}
	}

	@Test
	void aReadmittedInstanceThatFailsAgainAtOnceIsEjectedForLonger() {
		detector(this.a, this.b, this.c);
		for (int i = 0; i < 5; i++) {
			answer(this.a, HttpStatus.INTERNAL_SERVER_ERROR);
		}
		assertThat(this.detector.ejected().get("users").get(0).until()).isEqualTo(START.plusSeconds(5));
		advance(Duration.ofSeconds(5));
		assertThat(this.detector.withoutEjected(List.of(this.a, this.b, this.c))).contains(this.a);
		answer(this.a, HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(this.detector.ejected().get("users")).singleElement().satisfies((ejected) -> {
			assertThat(ejected.ejections()).isEqualTo(2);
			assertThat(ejected.until()).isEqualTo(START.plusSeconds(10));
			assertThat(ejected.reason()).isEqualTo("consecutive-5xx");
		});
		advance(Duration.ofSeconds(10));
		answer(this.a, HttpStatus.OK);
		answer(this.a, HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(this.detector.isEjected(this.a)).as("a success ends the probation").isFalse();
	}

	@Test
	void callsStillInFlightDoNotLengthenAnEjection() {
		detector(this.a, this.b, this.c);
		fail(this.a, new ConnectException("Connection refused"));
		fail(this.a, new ConnectException("Connection refused"));
		fail(this.a, new ConnectException("Connection refused"));
		advance(Duration.ofSeconds(5));
		assertThat(this.detector.isEjected(this.a)).isFalse();
	}

	@Test
	void noMoreThanTheMaxEjectionPercentAreOutAtOnceButOneAlwaysMayBe() {
		ServiceInstance d = instance("d", "v1");
		detector(this.a, this.b, this.c, d);
		for (ServiceInstance instance : List.of(this.a, this.b, this.c, d)) {
			fail(instance, new ConnectException("Connection refused"));
		}
		assertThat(this.detector.withoutEjected(List.of(this.a, this.b, this.c, d))).containsExactly(this.c, d);
		advance(Duration.ofSeconds(5));
		fail(this.c, new ConnectException("Connection refused"));
		assertThat(this.detector.isEjected(this.c)).as("room again once the first two are back").isTrue();

		this.settings.setMaxEjectionPercent(10);
		detector(this.a, this.b);
		fail(this.a, new ConnectException("Connection refused"));
		fail(this.b, new ConnectException("Connection refused"));
		assertThat(this.detector.withoutEjected(List.of(this.a, this.b))).containsExactly(this.b);
	}

	@Test
	void aLoneInstanceIsNotEjected() {
		detector(this.a);
		fail(this.a, new ConnectException("Connection refused"));
		assertThat(this.detector.isEjected(this.a)).isFalse();
	}

	@Test
	void whenEveryInstanceIsOutAllOfThemAreUsed() {
		this.settings.setMaxEjectionPercent(100);
		detector(this.a, this.b);
		fail(this.a, new ConnectException("Connection refused"));
		assertThat(this.detector.withoutEjected(List.of(this.a, this.b))).containsExactly(this.b);
		fail(this.b, new ConnectException("Connection refused"));
		assertThat(this.detector.isEjected(this.b)).isTrue();
		assertThat(this.detector.withoutEjected(List.of(this.a, this.b))).containsExactly(this.a, this.b);
	}

	@Test
	void loadSheddingAnswersCountNeitherWay() {
		detector(this.a, this.b, this.c);
		for (int i = 0; i < 10; i++) {
			shed(this.a);
		}
		assertThat(this.detector.isEjected(this.a)).isFalse();
		fail(this.a, new IOException("Connection reset"));
		fail(this.a, new IOException("Connection reset"));
		shed(this.a);
		fail(this.a, new IOException("Connection reset"));
		assertThat(this.detector.isEjected(this.a)).as("a shed answer does not reset the count either").isTrue();
	}

	@Test
	void anInstanceWhoseSuccessRateIsFarBelowItsPeersIsEjected() {
		detector(this.a, this.b, this.c);
		for (int i = 0; i < 20; i++) {
			answer(this.a, HttpStatus.OK);
			answer(this.b, HttpStatus.OK);
			// every third call fails: never five in a row
			answer(this.c, (i % 3 == 0) ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.OK);
		}
		assertThat(this.detector.isEjected(this.c)).isFalse();
		advance(Duration.ofSeconds(10));
		assertThat(this.detector.isEjected(this.c)).isTrue();
		assertThat(this.detector.ejected().get("users")).singleElement()
			.satisfies((ejected) -> assertThat(ejected.reason()).isEqualTo("success-rate"));
	}

	@Test
	void oneUnluckyFailureOrTooFewCallsOrPeersEjectNobody() {
		detector(this.a, this.b, this.c);
		for (int i = 0; i < 20; i++) {
			answer(this.a, HttpStatus.OK);
			answer(this.b, HttpStatus.OK);
			answer(this.c, (i == 7) ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.OK);
		}
		advance(Duration.ofSeconds(10));
		assertThat(this.detector.isEjected(this.c)).as("19 of 20").isFalse();
		for (int i = 0; i < 19; i++) {
			answer(this.a, HttpStatus.OK);
			answer(this.b, HttpStatus.OK);
			answer(this.c, (i % 3 == 0) ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.OK);
		}
		advance(Duration.ofSeconds(10));
		assertThat(this.detector.isEjected(this.c)).as("19 calls, below the volume").isFalse();
	}

	@Test
	void aCanaryIsComparedWithItsOwnVersionOnlyNeverWithStable() {
		ServiceInstance canary = instance("canary", "v2");
		detector(this.a, this.b, this.c, canary);
		for (int i = 0; i < 40; i++) {
			answer(this.a, HttpStatus.OK);
			answer(this.b, HttpStatus.OK);
			answer(this.c, HttpStatus.OK);
			answer(canary, (i % 3 == 0) ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.OK);
		}
		advance(Duration.ofSeconds(10));
		assertThat(this.detector.isEjected(canary)).as("worse than stable, but the only v2").isFalse();
	}

	@Test
	void anInstanceThatLeftThePassingListComesBackWithACleanRecord() {
		detector(this.a, this.b, this.c);
		fail(this.a, new ConnectException("Connection refused"));
		advance(Duration.ofSeconds(5));
		fail(this.a, new ConnectException("Connection refused"));
		assertThat(this.detector.ejected().get("users").get(0).ejections()).isEqualTo(2);
		// Consul saw it go critical, then passing again
		this.detector.passingChanged("users", List.of(this.b, this.c));
		assertThat(this.detector.ejected()).isEmpty();
		this.detector.passingChanged("users", List.of(this.a, this.b, this.c));
		assertThat(this.detector.isEjected(this.a)).isFalse();
		fail(this.a, new IOException("Connection reset"));
		assertThat(this.detector.isEjected(this.a)).as("no probation left over").isFalse();
		fail(this.a, new ConnectException("Connection refused"));
		assertThat(this.detector.ejected().get("users")).singleElement().satisfies((ejected) -> {
			assertThat(ejected.ejections()).isEqualTo(1);
			assertThat(ejected.until()).isEqualTo(START.plusSeconds(5));
		});
	}

	@Test
	void ejectionsAreCountedAndTheEjectedGaugedPerService() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		detector(this.a, this.b, this.c).bindTo(registry);
		for (int i = 0; i < 5; i++) {
			answer(this.a, HttpStatus.INTERNAL_SERVER_ERROR);
		}
		assertThat(registry.get("junction.outlier.ejected").tag("service", "users").gauge().value()).isEqualTo(1);
		assertThat(registry.get("junction.outlier.ejections")
			.tags("service", "users", "reason", "consecutive-5xx")
			.counter()
			.count()).isEqualTo(1);
		advance(Duration.ofSeconds(5));
		assertThat(registry.get("junction.outlier.ejected").tag("service", "users").gauge().value()).isZero();
	}

	@Test
	void switchedOffItEjectsNothing() {
		this.settings.setEnabled(false);
		detector(this.a, this.b, this.c);
		fail(this.a, new ConnectException("Connection refused"));
		assertThat(this.detector.isEjected(this.a)).isFalse();
	}

	private void answer(ServiceInstance instance, HttpStatus status) {
		answer(instance, status, new HttpHeaders());
	}

	private void shed(ServiceInstance instance) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(JunctionHeaders.LOAD_SHED, "true");
		headers.set(HttpHeaders.RETRY_AFTER, "1");
		answer(instance, HttpStatus.SERVICE_UNAVAILABLE, headers);
	}

	private void answer(ServiceInstance instance, HttpStatus status, HttpHeaders headers) {
		this.detector.onComplete(new CompletionContext<>(CompletionContext.Status.SUCCESS, new DefaultRequest<>(),
				new DefaultResponse(instance), new ResponseData(status, headers, null, null)));
	}

	private void fail(ServiceInstance instance, Throwable failure) {
		this.detector.onComplete(new CompletionContext<>(CompletionContext.Status.FAILED, failure,
				new DefaultRequest<>(), new DefaultResponse(instance)));
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	private static ServiceInstance instance(String host, String version) {
		return new DefaultServiceInstance("users-" + host, "users", host, 8080, false,
				Map.of(JunctionMetadata.VERSION, version));
	}

}
