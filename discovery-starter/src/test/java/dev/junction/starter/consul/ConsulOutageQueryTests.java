/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.consul;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.devconsul.DevConsulAgent;
import dev.junction.devconsul.DevConsulSettings;
import dev.junction.testsupport.ConsulHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A query chain through a Consul outage, against the dev agent stopped and restarted
 * empty on its port: since when Consul is unreachable (set by the first failure, cleared
 * by the next answer), the reset it reports, and the empty answers it holds back for the
 * grace period (a fake clock moves past it).
 */
class ConsulOutageQueryTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T20:00:00Z"));

	private final List<ConsulBlockingQuery.Answer> answers = new CopyOnWriteArrayList<>();

	private DevConsulAgent agent = DevConsulAgent.start(DevConsulSettings.defaults());

	private ConsulBlockingQueries queries;

	private volatile boolean holding;

	@AfterEach
	void close() {
		if (this.queries != null) {
			this.queries.destroy();
		}
		this.agent.close();
	}

	@Test
	void unreachableSinceIsTheFirstFailureAndAnAgentRestartedEmptyDoesNotEmptyTheStateBeforeTheGracePeriodEnds() {
		ConsulHttp.putKv(this.agent.baseUrl(), "junction/outage/users", "{}");
		this.queries = new ConsulBlockingQueries(this.agent.baseUrl(), null, this.clock);
		AtomicInteger resets = new AtomicInteger();
		this.queries.onReset(resets::incrementAndGet);
		ConsulBlockingQuery query = this.queries.query("/v1/kv/junction/outage/?recurse")
			.waitUpTo(Duration.ofSeconds(2))
			.notFoundAnswers()
			.holdEmptyAfterReset(Duration.ofSeconds(30), (answer) -> !answer.found(), () -> this.holding)
			.build((answer) -> {
				this.answers.add(answer);
				this.holding = answer.found();
			});
		query.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.answers.isEmpty());
		assertThat(this.answers.get(0).found()).isTrue();
		assertThat(this.queries.unreachableSince()).isNull();

		this.agent.close();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.queries.unreachableSince() != null);
		Instant firstFailure = this.clock.instant();
		assertThat(this.queries.unreachableSince()).isEqualTo(firstFailure);
		this.clock.advance(Duration.ofSeconds(5));
		await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(this.queries.unreachableSince()).as("since the first failure").isEqualTo(firstFailure);

		this.agent = this.agent.restartEmpty();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.queries.unreachableSince() == null);
		assertThat(resets).as("the first answer after failures is a reset").hasPositiveValue();
		int before = this.answers.size();
		await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(this.answers.subList(before, this.answers.size()))
			.as("the empty agent's 404 is held back during the grace period")
			.allMatch(ConsulBlockingQuery.Answer::found);
		assertThat(this.holding).isTrue();

		this.clock.advance(Duration.ofSeconds(31));
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.holding);
		assertThat(this.answers.get(this.answers.size() - 1).found()).isFalse();
	}

	@Test
	void aNonEmptyAnswerAfterTheResetAppliesAtOnce() {
		this.queries = new ConsulBlockingQueries(this.agent.baseUrl(), null, this.clock);
		ConsulHttp.putKv(this.agent.baseUrl(), "junction/outage/users", "{}");
		ConsulBlockingQuery query = this.queries.query("/v1/kv/junction/outage/?recurse")
			.waitUpTo(Duration.ofSeconds(2))
			.notFoundAnswers()
			.holdEmptyAfterReset(Duration.ofSeconds(30), (answer) -> !answer.found(), () -> this.holding)
			.build((answer) -> {
				this.answers.add(answer);
				this.holding = answer.found();
			});
		query.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.holding);
		this.agent = this.agent.restartEmpty();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.queries.unreachableSince() == null);
		int before = this.answers.size();
		ConsulHttp.putKv(this.agent.baseUrl(), "junction/outage/orders", "{}");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.answers.subList(before, this.answers.size())
				.stream()
				.anyMatch((answer) -> new String(answer.body()).contains("junction/outage/orders")));
	}

}
