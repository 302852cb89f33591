/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectFailureEjectorTests {

	private final AtomicLong now = new AtomicLong();

	private final ConnectFailureEjector ejector = new ConnectFailureEjector(Duration.ofSeconds(1),
			Duration.ofSeconds(30), this.now::get);

	private final ServiceInstance instance = new DefaultServiceInstance("users-1", "users", "10.0.0.1", 8080, false);

	@Test
	void aRefusedConnectionEjectsTheInstanceForOneSecond() {
		fail(new ConnectException("Connection refused"));
		assertThat(this.ejector.isEjected(this.instance)).isTrue();
		advance(Duration.ofMillis(999));
		assertThat(this.ejector.isEjected(this.instance)).isTrue();
		advance(Duration.ofMillis(1));
		assertThat(this.ejector.isEjected(this.instance)).isFalse();
	}

	@Test
	void eachFailureAfterReadmissionDoublesTheEjectionUpToTheCap() {
		long[] expectedSeconds = { 1, 2, 4, 8, 16, 30, 30 };
		for (long seconds : expectedSeconds) {
			fail(new ConnectException("Connection refused"));
			advance(Duration.ofSeconds(seconds).minusMillis(1));
			assertThat(this.ejector.isEjected(this.instance)).isTrue();
			advance(Duration.ofMillis(1));
			assertThat(this.ejector.isEjected(this.instance)).isFalse();
		}
	}

	@Test
	void theInstancesToCallAreThoseNotEjectedOrAllWhenEveryOneIs() {
		ServiceInstance other = new DefaultServiceInstance("users-2", "users", "10.0.0.2", 8080, false);
		List<ServiceInstance> both = List.of(this.instance, other);
		assertThat(this.ejector.withoutEjected(both)).containsExactly(this.instance, other);
		fail(new ConnectException("Connection refused"));
		assertThat(this.ejector.withoutEjected(both)).containsExactly(other);
		this.ejector.eject(other);
		assertThat(this.ejector.withoutEjected(both)).containsExactly(this.instance, other);
		advance(Duration.ofSeconds(1));
		assertThat(this.ejector.withoutEjected(both)).containsExactly(this.instance, other);
	}

	@Test
	void failuresOfCallsStillInFlightDoNotLengthenAnEjection() {
		fail(new ConnectException("Connection refused"));
		fail(new ConnectException("Connection refused"));
		fail(new ConnectException("Connection refused"));
		advance(Duration.ofSeconds(1));
		assertThat(this.ejector.isEjected(this.instance)).isFalse();
	}

	@Test
	void aSuccessfulCallResetsTheBackOff() {
		fail(new ConnectException("Connection refused"));
		advance(Duration.ofSeconds(1));
		fail(new ConnectException("Connection refused"));
		advance(Duration.ofSeconds(2));
		this.ejector.onComplete(new CompletionContext<>(CompletionContext.Status.SUCCESS, new DefaultRequest<>(),
				new DefaultResponse(this.instance)));
		fail(new ConnectException("Connection refused"));
		advance(Duration.ofSeconds(1));
		assertThat(this.ejector.isEjected(this.instance)).isFalse();
	}

	@Test
	void aConnectFailureWrappedByWebClientCountsButOtherIoErrorsDoNot() {
		fail(new IOException("Connection reset"));
		assertThat(this.ejector.isEjected(this.instance)).isFalse();
		fail(new WebClientRequestException(new ConnectException("refused"), HttpMethod.GET, URI.create("http://users/"),
				new HttpHeaders()));
		assertThat(this.ejector.isEjected(this.instance)).isTrue();
	}

	private void fail(Throwable failure) {
		this.ejector.onComplete(new CompletionContext<>(CompletionContext.Status.FAILED, failure,
				new DefaultRequest<>(), new DefaultResponse(this.instance)));
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

}
