/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import static dev.junction.it.Deployment.ORDER_SERVICE;
import static dev.junction.it.Deployment.USER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two user-service instances behind order-service's load-balanced client (the starter's
 * {@code @LoadBalanced RestClient.Builder}), under steady order traffic. Placing an order
 * is a {@code POST}, but the call it makes to user-service is the idempotent {@code GET
 * /api/users/{id}}, which the client may retry on the other instance: so a failed order
 * here is a failed user lookup. One instance leaves, gracefully or killed, and no order
 * fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceChurnTests {

	private static final Logger logger = LoggerFactory.getLogger(InstanceChurnTests.class);

	private static final int ORDERS_PER_SECOND = 20;

	private static final int CLIENT_THREADS = 8;

	private static final String RETRY_LOGGER = "logging.level.dev.junction.starter.client.RetryInterceptor";

	private static final String RETRIED = "trying another instance";

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

	static AgentCatalog agent;

	static AppInstance userA;

	static AppInstance userB;

	static AppInstance orderService;

	static List<Long> users;

	@BeforeAll
	static void deploy() {
		agent = new AgentCatalog(consul);
		Deployment deployment = new Deployment(consul, usersDatabase, ordersDatabase, redis, rabbit,
				rabbit.springProperties());
		userA = deployment.startUserService("user-a", "v1");
		userB = deployment.startUserService("user-b", "v1");
		// the client logs each retry on another
		// instance at debug level: the tests count them
		orderService = deployment.startOrderService("order", Map.of(RETRY_LOGGER, "DEBUG"));
		userA.awaitReady();
		userB.awaitReady();
		orderService.awaitReady();
		users = SampleApi.createUsers(userA, "churn", 10);
	}

	@AfterAll
	static void stop() {
		AppInstance.closeAll(userA, userB, orderService);
	}

	@BeforeEach
	void bothUserServiceInstancesAreRunning() {
		for (AppInstance instance : List.of(userA, userB)) {
			if (!instance.isAlive()) {
				instance.restart().awaitReady();
			}
		}
		agent.awaitPassing(USER_SERVICE, userA, userB);
		agent.awaitPassing(ORDER_SERVICE, orderService);
	}

	@Test
	@Order(1)
	void aGracefulRestartOfOneOfTwoInstancesFailsNoOrder() {
		OrderTraffic.Result result;
		long retriedBefore = orderService.logLinesContaining(RETRIED);
		try (OrderTraffic traffic = OrderTraffic.steady(orderService, users, ORDERS_PER_SECOND, CLIENT_THREADS)) {
			awaitBothInstancesAnswer();
			long before = traffic.created();
			logger.info("Restarting {} gracefully (SIGTERM) under traffic", userB.name());
			int exitCode = userB.stopGracefully();
			logger.info("{} exited with {} after {} orders during its shutdown; starting it again", userB.name(),
					exitCode, traffic.created() - before);
			userB.restart().awaitReady();
			await().atMost(Duration.ofSeconds(30)).until(() -> agent.passingPorts(USER_SERVICE).contains(userB.port()));
			// the new process takes its share again
			await().atMost(Duration.ofSeconds(30)).until(() -> SampleApi.userLookupsAnswered(userB) >= 20);
			logger.info("{} is back and answering; {} orders since the restart began", userB.name(),
					traffic.created() - before);
			result = traffic.stop();
		}
		logger.info("User lookups order-service retried on the other instance: {}",
				orderService.logLinesContaining(RETRIED) - retriedBefore);
		assertThat(result.failed()).as("failed orders; first failures: %s", result.failureSamples()).isZero();
		assertThat(result.created()).isGreaterThan(100);
	}

	@Test
	@Order(2)
	void killingOneOfTwoInstancesFailsNoOrderBecauseTheUserLookupIsRetriedOnTheOther() {
		OrderTraffic.Result result;
		long retriedBefore = orderService.logLinesContaining(RETRIED);
		try (OrderTraffic traffic = OrderTraffic.steady(orderService, users, ORDERS_PER_SECOND, CLIENT_THREADS)) {
			awaitBothInstancesAnswer();
			long before = traffic.created();
			logger.info("Killing {} (SIGKILL) under traffic", userA.name());
			userA.kill();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> agent.passingPorts(USER_SERVICE).equals(List.of(userB.port())));
			logger.info("The agent shows {} critical after {} orders since the kill", userA.name(),
					traffic.created() - before);
			// keep going with one instance for a while
			long critical = traffic.created();
			await().atMost(Duration.ofSeconds(60)).until(() -> traffic.created() - critical >= 5 * ORDERS_PER_SECOND);
			result = traffic.stop();
		}
		logger.info("User lookups order-service retried on the other instance: {}",
				orderService.logLinesContaining(RETRIED) - retriedBefore);
		assertThat(result.failed()).as("failed orders; first failures: %s", result.failureSamples()).isZero();
		assertThat(result.created()).isGreaterThan(100);
	}

	@Test
	@Order(3)
	void anInstanceKilledAndRestartedOnItsPortReplacesItsDeadEntryInTheRegistry() {
		// the previous test killed user-a; this class's @BeforeEach started it again on
		// the same port: its entry replaced the dead one (same name, address and port, so
		// the same id), instead of a second entry whose check the new process would pass
		List<JsonNode> entries = new ArrayList<>();
		ConsulHttp.getJson(consul.baseUrl(), "/v1/health/service/" + USER_SERVICE).forEach(entries::add);
		List<String> ids = entries.stream().map((entry) -> entry.get("Service").get("ID").asText()).toList();
		assertThat(ids).as("user-service entries in the registry").hasSize(2).doesNotHaveDuplicates();
		assertThat(agent.passingPorts(USER_SERVICE)).containsExactlyInAnyOrder(userA.port(), userB.port());
		assertThat(ids).contains(USER_SERVICE + "-127-0-0-1-" + userA.port());
	}

	/** Both instances answer user lookups, so the one that leaves was really in use. */
	private static void awaitBothInstancesAnswer() {
		long a = SampleApi.userLookupsAnswered(userA);
		long b = SampleApi.userLookupsAnswered(userB);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> SampleApi.userLookupsAnswered(userA) - a >= 20
					&& SampleApi.userLookupsAnswered(userB) - b >= 20);
	}

}
