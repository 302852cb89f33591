/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import dev.junction.starter.identity.InstanceIdentity;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service that says who it is and which version the call asked for.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ProviderApp.WhoAmI.class, SeparateReactorResources.class })
public class ProviderApp {

	@RestController
	static class WhoAmI {

		private final InstanceIdentity identity;

		WhoAmI(InstanceIdentity identity) {
			this.identity = identity;
		}

		@GetMapping("/whoami")
		String whoami(@RequestHeader(name = JunctionHeaders.VERSION, required = false) String requestedVersion,
				@RequestHeader(name = JunctionHeaders.CORRELATION_ID, required = false) String correlationId) {
			return "version=" + this.identity.version() + ";zone=" + this.identity.zone() + ";requested="
					+ requestedVersion + ";correlation=" + correlationId;
		}

	}

}
