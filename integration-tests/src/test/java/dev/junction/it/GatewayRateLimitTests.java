/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.it.EdgeTraffic.Answer;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.junction.it.Deployment.USER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway replicas sharing one token bucket per route and client in Redis: a client
 * that sends twice the limit, spread over both, gets what one bucket admits (capacity
 * plus refill rate times the duration), not twice that, and every refusal is an honest
 * {@code 429} telling it when to come back.
 */
class GatewayRateLimitTests {

	private static final Logger logger = LoggerFactory.getLogger(GatewayRateLimitTests.class);

	private static final int CAPACITY = 20;

	private static final int REFILL_PER_SECOND = 20;

	/** Twice the sustained rate. */
	private static final int OFFERED_PER_SECOND = 2 * REFILL_PER_SECOND;

	private static final Duration LOAD = Duration.ofSeconds(20);

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@RegisterExtension
	static PostgresDatabaseExtension usersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static PostgresDatabaseExtension ordersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	static AppInstance userService;

	static AppInstance gatewayA;

	static AppInstance gatewayB;

	static String userPath;

	@BeforeAll
	static void deploy() throws InterruptedException {
		Deployment deployment = new Deployment(consul, usersDatabase, ordersDatabase, redis, rabbit,
				rabbit.springProperties());
		userService = deployment.startUserService("user-v1", "v1");
		String route = "junction.gateway.rate-limit.routes." + USER_SERVICE;
		Map<String, String> limit = Map.of(route + ".capacity", Integer.toString(CAPACITY),
				route + ".refill-per-second", Integer.toString(REFILL_PER_SECOND), route + ".key", "client-address");
		gatewayA = deployment.startGateway("gateway-a", limit);
		gatewayB = deployment.startGateway("gateway-b", limit);
		userService.awaitReady();
		gatewayA.awaitReady();
		gatewayB.awaitReady();
		new AgentCatalog(consul).awaitPassing(USER_SERVICE, userService);
		userPath = "/api/users/" + SampleApi.createUser(userService, "limited-" + UUID.randomUUID());
		for (AppInstance gateway : List.of(gatewayA, gatewayB)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> EdgeTraffic.get(gateway.url(userPath)).ok());
		}
		// a full bucket to start from
		Thread.sleep(2L * 1000 * CAPACITY / REFILL_PER_SECOND);
		logger.info("Deployed user-service (port {}) behind gateways on ports {} and {}, limit {} + {}/s",
				userService.port(), gatewayA.port(), gatewayB.port(), CAPACITY, REFILL_PER_SECOND);
	}

	@AfterAll
	static void stop() {
		AppInstance.closeAll(gatewayA, gatewayB, userService);
	}

	@Test
	void twoReplicasAdmitTogetherWhatOneSharedTokenBucketAdmitsAndRefuseTheRestWith429() throws Exception {
		List<Answer> answers = offer(OFFERED_PER_SECOND, LOAD);
		long firstSent = answers.stream().mapToLong(Answer::sentNanos).min().orElseThrow();
		long lastSent = answers.stream().mapToLong(Answer::sentNanos).max().orElseThrow();
		double seconds = (lastSent - firstSent) / 1e9;
		double ideal = CAPACITY + REFILL_PER_SECOND * seconds;
		long admitted = answers.stream().filter((answer) -> answer.status() == 200).count();
		List<Answer> refused = answers.stream().filter((answer) -> answer.status() == 429).toList();
		List<Answer> other = answers.stream()
			.filter((answer) -> answer.status() != 200 && answer.status() != 429)
			.toList();
		logger.info(
				"Offered {} requests in {} s ({}/s) over two replicas: admitted {} (ideal token bucket {}, "
						+ "{} %), refused {} with 429; gateway-a admitted {}, gateway-b {}",
				answers.size(), String.format("%.1f", seconds), String.format("%.1f", answers.size() / seconds),
				admitted, String.format("%.0f", ideal), String.format("%+.1f", 100 * (admitted - ideal) / ideal),
				refused.size(), admittedBy(answers, gatewayA), admittedBy(answers, gatewayB));

		assertThat(other).as("answers neither admitted nor refused").isEmpty();
		assertThat(answers.size() / seconds).as("offered rate, requests/s").isGreaterThan(1.8 * REFILL_PER_SECOND);
		assertThat((double) admitted).as("admitted requests").isBetween(0.95 * ideal, 1.05 * ideal);
		assertThat(admittedBy(answers, gatewayA)).as("admitted by gateway-a").isPositive();
		assertThat(admittedBy(answers, gatewayB)).as("admitted by gateway-b").isPositive();
		assertThat(refused).isNotEmpty().allSatisfy((answer) -> {
			assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, 60L);
			assertThat(answer.header("RateLimit-Limit")).isEqualTo(Integer.toString(CAPACITY));
			assertThat(answer.header("RateLimit-Remaining")).isEqualTo("0");
			assertThat(Long.parseLong(answer.header("RateLimit-Reset"))).isBetween(1L, 60L);
		});
		assertThat(answers.stream().filter((answer) -> answer.status() == 200))
			.allSatisfy((answer) -> assertThat(answer.header("RateLimit-Limit")).isEqualTo(Integer.toString(CAPACITY)));
	}

	/** Sends requests at a steady rate, alternating between the replicas. */
	private static List<Answer> offer(int perSecond, Duration duration) throws InterruptedException {
		ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
		ExecutorService senders = Executors.newFixedThreadPool(16);
		ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger sent = new AtomicInteger();
		int total = (int) (perSecond * duration.toMillis() / 1000);
		ticks.scheduleAtFixedRate(() -> {
			int i = sent.getAndIncrement();
			if (i < total) {
				AppInstance gateway = (i % 2 == 0) ? gatewayA : gatewayB;
				senders.execute(() -> answers.add(EdgeTraffic.get(gateway.url(userPath))));
			}
		}, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
		await().atMost(duration.plusSeconds(30)).until(() -> answers.size() >= total);
		ticks.shutdownNow();
		senders.shutdown();
		return new ArrayList<>(answers);
	}

	private static long admittedBy(List<Answer> answers, AppInstance gateway) {
		return answers.stream()
			.filter((answer) -> answer.url().startsWith(gateway.url("/")) && answer.status() == 200)
			.count();
	}

}
