/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ServiceValidationTests {

	@Test
	void metaLimitsCountBytesAsGosLenDoes() {
		String value = "\u00e9".repeat(300);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ServiceValidation.meta(Map.of("k", value)))
			.withMessageEndingWith("Value is too long (limit: 512 characters)");
		assertThatCode(() -> ServiceValidation.meta(Map.of("k", "\u00e9".repeat(256)))).doesNotThrowAnyException();
	}

	@Test
	void sixtyFourPairsAreAllowedAndTheReservedPrefixIsOnlyAPrefix() {
		Map<String, String> meta = new LinkedHashMap<>();
		for (int i = 0; i < 63; i++) {
			meta.put("key-" + i, "v");
		}
		meta.put("my-consul-key", "v");
		assertThatCode(() -> ServiceValidation.meta(meta)).doesNotThrowAnyException();
	}

	@Test
	void weightsOutsideConsulsRangeAreRefused() {
		assertThatCode(() -> ServiceValidation.weights(65535, 0)).doesNotThrowAnyException();
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> ServiceValidation.weights(1, 65536))
			.withMessage("Invalid Weights: DNS Weight must be between 0 and 65535");
	}

}
