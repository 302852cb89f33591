/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class VersionChooserTests {

	private static final TrafficPolicy DEMO = new TrafficPolicy("v1", "v2", 20, "X-Canary", null, "canary",
			Sticky.HEADER, "X-User-Id", true);

	@Test
	void headerAlwaysAndNeverDecideBeforeCookieAndWeight() {
		assertThat(choose(DEMO, request().header("X-Canary", "always").cookie(new HttpCookie("canary", "never"))))
			.isEqualTo(new VersionChoice("v2", true, VersionChoice.Rule.HEADER));
		assertThat(choose(DEMO, request().header("X-Canary", "never").cookie(new HttpCookie("canary", "always"))))
			.isEqualTo(new VersionChoice("v1", false, VersionChoice.Rule.HEADER));
	}

	@Test
	void cookieDecidesWhenTheHeaderIsAbsentOrUnknown() {
		assertThat(choose(DEMO, request().cookie(new HttpCookie("canary", "always"))).rule())
			.isEqualTo(VersionChoice.Rule.COOKIE);
		assertThat(choose(DEMO, request().header("X-Canary", "maybe").cookie(new HttpCookie("canary", "never"))))
			.isEqualTo(new VersionChoice("v1", false, VersionChoice.Rule.COOKIE));
	}

	@Test
	void unknownHeaderAndCookieValuesFallThroughToTheWeight() {
		VersionChoice choice = choose(DEMO,
				request().header("X-Canary", "yes")
					.cookie(new HttpCookie("canary", "sometimes"))
					.header("X-User-Id", "alice"));
		assertThat(choice.rule()).isEqualTo(VersionChoice.Rule.STICKY);
		assertThat(choice.canary()).isEqualTo(CanaryBuckets.isCanary("alice", 20));
	}

	@Test
	void anExactHeaderValueSelectsTheCanaryAndOtherValuesFallThrough() {
		TrafficPolicy exact = new TrafficPolicy("v1", "v2", 0, "X-Canary", "team-blue", "canary", Sticky.HEADER,
				"X-User-Id", true);
		assertThat(choose(exact, request().header("X-Canary", "team-blue")).rule())
			.isEqualTo(VersionChoice.Rule.HEADER);
		assertThat(choose(exact, request().header("X-Canary", "always")))
			.isEqualTo(new VersionChoice("v1", false, VersionChoice.Rule.RANDOM));
	}

	@Test
	void aRequestWithoutTheStickyKeyDrawsAtRandom() {
		assertThat(choose(DEMO, request()).rule()).isEqualTo(VersionChoice.Rule.RANDOM);
		assertThat(choose(DEMO, request().header("X-User-Id", "")).rule()).isEqualTo(VersionChoice.Rule.RANDOM);
	}

	@Test
	void theClientAddressIsAStickyKeyOnlyWhenThePolicyNamesIt() {
		TrafficPolicy byAddress = new TrafficPolicy("v1", "v2", 50, "X-Canary", null, "canary", Sticky.CLIENT_ADDRESS,
				"X-User-Id", true);
		MockServerHttpRequest request = request().build();
		assertThat(VersionChooser.choose(byAddress, request, "10.1.2.3").rule()).isEqualTo(VersionChoice.Rule.STICKY);
		assertThat(VersionChooser.choose(DEMO, request, "10.1.2.3").rule()).isEqualTo(VersionChoice.Rule.RANDOM);
	}

	@Test
	void aStickyCookieKeysTheWeight() {
		TrafficPolicy byCookie = new TrafficPolicy("v1", "v2", 30, "X-Canary", null, "canary", Sticky.COOKIE, "session",
				true);
		VersionChoice choice = choose(byCookie, request().cookie(new HttpCookie("session", "s-42")));
		assertThat(choice.rule()).isEqualTo(VersionChoice.Rule.STICKY);
		assertThat(choice.canary()).isEqualTo(CanaryBuckets.isCanary("s-42", 30));
	}

	@Test
	void aPolicyWithoutCanaryAlwaysChoosesStable() {
		TrafficPolicy stableOnly = new TrafficPolicy("v1", null, 0, "X-Canary", null, "canary", Sticky.HEADER,
				"X-User-Id", true);
		assertThat(choose(stableOnly, request().header("X-Canary", "always")))
			.isEqualTo(new VersionChoice("v1", false, VersionChoice.Rule.STABLE_ONLY));
	}

	@Test
	void expressionsInHeaderValuesAreComparedAsText() {
		TrafficPolicy exact = new TrafficPolicy("v1", "v2", 0, "X-Canary", "#{1+1}", "canary", Sticky.HEADER,
				"X-User-Id", true);
		assertThat(choose(exact, request().header("X-Canary", "2")).rule()).isEqualTo(VersionChoice.Rule.RANDOM);
		assertThat(choose(exact, request().header("X-Canary", "#{1+1}")).version()).isEqualTo("v2");
	}

	private static VersionChoice choose(TrafficPolicy policy, MockServerHttpRequest.BaseBuilder<?> request) {
		return VersionChooser.choose(policy, request.build(), "192.0.2.1");
	}

	private static MockServerHttpRequest.BaseBuilder<?> request() {
		return MockServerHttpRequest.get("/api/users/1");
	}

}
