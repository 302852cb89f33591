/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PolicyDocumentTests {

	private final JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

	@Test
	void aFullDocumentBecomesThePolicyItDescribes() {
		TrafficPolicy policy = parse("""
				{"stableVersion":"v1","canaryVersion":"v2","canaryWeight":35,"canaryHeader":"X-Beta",
				 "canaryHeaderValue":"team-blue","canaryCookie":"beta","sticky":"cookie","stickyName":"session",
				 "fallback":false}""");
		assertThat(policy).isEqualTo(
				new TrafficPolicy("v1", "v2", 35, "X-Beta", "team-blue", "beta", Sticky.COOKIE, "session", false));
	}

	@Test
	void omittedMembersTakeTheDocumentedDefaults() {
		assertThat(parse("{\"stableVersion\":\"v3\"}"))
			.isEqualTo(new TrafficPolicy("v3", null, 0, "X-Canary", null, "canary", Sticky.HEADER, "X-User-Id", true));
		assertThat(parse("{\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"sticky\":\"client-address\"}").sticky())
			.isEqualTo(Sticky.CLIENT_ADDRESS);
	}

	@Test
	void invalidDocumentsAreRejectedWithTheReason() {
		assertRejected("{\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"canaryWeight\":120}",
				"canaryWeight must be 0 to 100");
		assertRejected("{\"stableVersion\":\"v1\",\"canaryWeight\":10}", "needs a canaryVersion");
		assertRejected("{\"stableVersion\":\"v1\",\"canaryVersion\":\"v1\"}", "must differ");
		assertRejected("{\"canaryVersion\":\"v2\"}", "stableVersion must be");
		assertRejected("{\"stableVersion\":\"v1\",\"canaryWieght\":10}", "unknown member \"canaryWieght\"");
		assertRejected("{\"stableVersion\":\"v1\",\"canaryWeight\":\"20\"}", "canaryWeight must be a whole number");
		assertRejected("{\"stableVersion\":\"v1\",\"fallback\":\"no\"}", "fallback must be true or false");
		assertRejected("{\"stableVersion\":\"v1\",\"sticky\":\"ip\"}", "sticky must be one of");
		assertRejected("{\"stableVersion\":\"v1\",\"stableVersion\":\"v2\"}", "not valid JSON");
		assertRejected("[1,2]", "expected a JSON object");
		assertRejected("{\"stableVersion\":", "not valid JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("{\"stableVersion\":"))
			.withMessageNotContaining("Source:")
			.withMessageNotContaining("REDACTED")
			.withMessageContaining("line 1");
		assertRejected("", "no value");
		assertRejected("{\"stableVersion\":\"#{T(java.lang.Runtime)}\"}", "stableVersion must be");
	}

	@Test
	void aValueWithControlCharactersIsQuotedHarmlesslyInTheReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("{\"stableVersion\":\"v1\\nFAKE LOG LINE\"}"))
			.withMessageContaining("v1?FAKE LOG LINE")
			.withMessageNotContaining("\n");
	}

	private TrafficPolicy parse(String document) {
		return PolicyDocument.parse(document.getBytes(StandardCharsets.UTF_8), this.json);
	}

	private void assertRejected(String document, String reason) {
		assertThatIllegalArgumentException().isThrownBy(() -> parse(document)).withMessageContaining(reason);
	}

}
