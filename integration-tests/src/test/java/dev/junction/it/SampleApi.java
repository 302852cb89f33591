/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.junction.testsupport.AppInstance;
import tools.jackson.databind.JsonNode;

/**
 * The sample apps' public HTTP API and the figures their management port shows, as the
 * tests use them.
 */
final class SampleApi {

	private static final String USER_LOOKUPS = "/actuator/metrics/http.server.requests?tag=method:GET"
			+ "&tag=uri:/api/users/%7Bid%7D";

	private SampleApi() {
	}

	/**
	 * Creates a user through a user-service instance.
	 * @param userService the instance
	 * @param name the user's name (also the email's local part: make it unique)
	 * @return the new user's id
	 */
	static long createUser(AppInstance userService, String name) {
		HttpResponse<String> response = Http.postJson(userService.url("/api/users"),
				"{\"name\": \"" + name + "\", \"email\": \"" + name + "@example.org\"}");
		if (response.statusCode() != 201) {
			throw new IllegalStateException(userService
				.describe("answered " + response.statusCode() + " to POST /api/users: " + response.body()));
		}
		return Http.json(response).get("id").asLong();
	}

	/** Creates {@code count} users named {@code prefix-0}, {@code prefix-1}, .... */
	static List<Long> createUsers(AppInstance userService, String prefix, int count) {
		List<Long> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ids.add(createUser(userService, prefix + "-" + i));
		}
		return ids;
	}

	/** {@code POST /api/orders} for one item of a product, with optional headers. */
	static HttpResponse<String> placeOrder(AppInstance orderService, long userId, String... headers) {
		return Http.postJson(orderService.url("/api/orders"),
				"{\"userId\": " + userId + ", \"product\": \"coffee\", \"quantity\": 1}", headers);
	}

	/** Places an order that must be created, returning its id. */
	static UUID placeCreatedOrder(AppInstance orderService, long userId, String... headers) {
		HttpResponse<String> response = placeOrder(orderService, userId, headers);
		if (response.statusCode() != 201) {
			throw new IllegalStateException(orderService
				.describe("answered " + response.statusCode() + " to POST /api/orders: " + response.body()));
		}
		return UUID.fromString(Http.json(response).get("id").asString());
	}

	/** The user's order count as user-service shows it. */
	static long orderCount(AppInstance userService, long userId) {
		return user(userService, userId).get("orderCount").asLong();
	}

	static JsonNode user(AppInstance userService, long userId) {
		return Http.getJson(userService.url("/api/users/" + userId));
	}

	/**
	 * How many {@code GET /api/users/{id}} this user-service process has answered since
	 * it started (its {@code http.server.requests} meter; absent until the first one).
	 */
	static long userLookupsAnswered(AppInstance userService) {
		HttpResponse<String> response = Http.get(userService.managementUrl(USER_LOOKUPS));
		if (response.statusCode() == 404) {
			return 0;
		}
		if (response.statusCode() != 200) {
			throw new IllegalStateException(userService
				.describe("answered " + response.statusCode() + " on its metrics endpoint: " + response.body()));
		}
		for (JsonNode measurement : Http.json(response).get("measurements")) {
			if ("COUNT".equals(measurement.get("statistic").asString())) {
				return (long) measurement.get("value").asDouble();
			}
		}
		return 0;
	}

}
