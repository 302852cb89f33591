/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.junction.devconsul.junit.DevConsulExtension;
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
import tools.jackson.databind.JsonNode;

import static dev.junction.it.Deployment.ORDER_SERVICE;
import static dev.junction.it.Deployment.USER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * user-service v1 and v2 and order-service, each a real process, find each other through
 * the dev agent: every instance registers with its version, its zone and a check on its
 * readiness probe, and a request carrying {@code Junction-Version} reaches that version
 * of user-service on the next hop and marks the event it causes with the same version.
 */
class RegistrationAndRoutingTests {

	private static final Logger logger = LoggerFactory.getLogger(RegistrationAndRoutingTests.class);

	private static final String VERSION_HEADER = "Junction-Version";

	private static final String VERSION_MESSAGE_HEADER = "junction-version";

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

	static EventTap tap;

	static AppInstance userV1;

	static AppInstance userV2;

	static AppInstance orderService;

	@BeforeAll
	static void deploy() throws Exception {
		agent = new AgentCatalog(consul);
		Deployment deployment = new Deployment(consul, usersDatabase, ordersDatabase, redis, rabbit,
				rabbit.springProperties());
		tap = EventTap.bind(rabbit.server(), "/", deployment.events().exchange(), deployment.events().tapQueue());
		// started together: the JVMs warm up in parallel
		userV1 = deployment.startUserService("user-v1", "v1");
		userV2 = deployment.startUserService("user-v2", "v2");
		orderService = deployment.startOrderService("order");
		userV1.awaitReady();
		userV2.awaitReady();
		orderService.awaitReady();
		agent.awaitPassing(USER_SERVICE, userV1, userV2);
		agent.awaitPassing(ORDER_SERVICE, orderService);
		logger.info("Deployed user-service v1 (port {}), v2 (port {}) and order-service (port {})", userV1.port(),
				userV2.port(), orderService.port());
	}

	@AfterAll
	static void stop() {
		AppInstance.closeAll(userV1, userV2, orderService);
	}

	@Test
	void theAgentShowsEveryInstanceWithItsVersionAndZone() {
		Map<Integer, String> userVersions = agent.passing(USER_SERVICE)
			.stream()
			.collect(Collectors.toMap((service) -> service.get("Port").asInt(),
					(service) -> service.get("Meta").get("version").asString()));
		assertThat(userVersions).containsOnly(Map.entry(userV1.port(), "v1"), Map.entry(userV2.port(), "v2"));

		JsonNode order = agent.passing(ORDER_SERVICE).get(0);
		assertThat(order.get("Port").asInt()).isEqualTo(orderService.port());
		assertThat(order.get("Meta").get("version").asString()).as("the build's version when none is configured")
			.isNotBlank()
			.isNotEqualTo("unknown");

		for (String service : List.of(USER_SERVICE, ORDER_SERVICE)) {
			assertThat(agent.passing(service))
				.allSatisfy((instance) -> assertThat(instance.get("Meta").get("zone").asString()).isEqualTo("default"));
		}
	}

	@Test
	void theAgentChecksEveryInstanceOnItsReadinessProbe() {
		List<String> checked = new ArrayList<>();
		for (String service : List.of(USER_SERVICE, ORDER_SERVICE)) {
			for (JsonNode check : agent.checks(service)) {
				assertThat(check.get("Status").asString()).as("status of %s", check).isEqualTo("passing");
				checked.add(check.get("Definition").get("HTTP").asString());
			}
		}
		assertThat(checked).containsExactlyInAnyOrder(userV1.url("/readyz"), userV2.url("/readyz"),
				orderService.url("/readyz"));
	}

	@Test
	void aRequestCarryingAVersionReachesThatVersionOfUserServiceAndItsEventCarriesTheVersion() throws Exception {
		long userId = SampleApi.createUser(userV1, "ada-" + UUID.randomUUID());
		long v1Before = SampleApi.userLookupsAnswered(userV1);
		long v2Before = SampleApi.userLookupsAnswered(userV2);

		List<UUID> v2Orders = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			v2Orders.add(SampleApi.placeCreatedOrder(orderService, userId, VERSION_HEADER, "v2"));
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(SampleApi.userLookupsAnswered(userV2) - v2Before).isEqualTo(5));
		assertThat(SampleApi.userLookupsAnswered(userV1) - v1Before).as("lookups v1 answered for v2 requests").isZero();

		List<UUID> v1Orders = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			v1Orders.add(SampleApi.placeCreatedOrder(orderService, userId, VERSION_HEADER, "v1"));
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(SampleApi.userLookupsAnswered(userV1) - v1Before).isEqualTo(3));
		assertThat(SampleApi.userLookupsAnswered(userV2) - v2Before).as("lookups v2 answered in all").isEqualTo(5);

		for (UUID order : v2Orders) {
			assertThat(awaitEvent(order).header(VERSION_MESSAGE_HEADER)).as("version on the event of %s", order)
				.isEqualTo("v2");
		}
		for (UUID order : v1Orders) {
			assertThat(awaitEvent(order).header(VERSION_MESSAGE_HEADER)).as("version on the event of %s", order)
				.isEqualTo("v1");
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(SampleApi.orderCount(userV2, userId)).isEqualTo(8));
		logger.info("5 orders with {}: v2 answered 5 lookups, v1 none; 3 with v1: v1 answered 3; 8 events with "
				+ "their version header, all counted", VERSION_HEADER);
	}

	private static EventTap.Event awaitEvent(UUID orderId) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> tap.eventsOf(orderId), (events) -> !events.isEmpty())
			.get(0);
	}

}
