/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RateLimitProperties}: a limit exists only when configured, and names
 * its size and rate.
 */
class RateLimitPropertiesTests {

	@Test
	void routesWithoutTheirOwnLimitAreUnlimitedUnlessADefaultLimitIsConfigured() {
		assertThat(bind(Map.of("junction.gateway.rate-limit.enabled", "true")).getDefaultLimit()).isNull();
	}

	@Test
	void aLimitThatNamesOnlyItsKeyIsRejectedSayingBothFiguresAreRequired() {
		Map<String, String> properties = Map.of("junction.gateway.rate-limit.default-limit.key", "api-key");
		assertThatIllegalStateException().isThrownBy(() -> bind(properties).getDefaultLimit().validate("default-limit"))
			.withMessageContaining("needs capacity >= 1 and refill-per-second > 0, both required");
	}

	@Test
	void aLimitWithItsSizeAndRateIsValidAndKeyedByClientAddressByDefault() {
		RateLimitProperties.Limit limit = bind(Map.of("junction.gateway.rate-limit.routes.users.capacity", "5",
				"junction.gateway.rate-limit.routes.users.refill-per-second", "0.5"))
			.getRoutes()
			.get("users");
		limit.validate("routes.users");
		assertThat(limit.getCapacity()).isEqualTo(5);
		assertThat(limit.getRefillPerSecond()).isEqualTo(0.5);
		assertThat(limit.getKey()).isEqualTo(RateLimitProperties.KeySource.CLIENT_ADDRESS);
	}

	private static RateLimitProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties))
			.bind("junction.gateway.rate-limit", RateLimitProperties.class)
			.orElseGet(RateLimitProperties::new);
	}

}
