/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.e2e;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application configured from Consul KV with spring-cloud-starter-consul-config
 * ({@code spring.config.import=consul:}); its {@code greeting} lives in a
 * {@link RefreshScope @RefreshScope} bean and is served on {@code /greeting}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ConfiguredApp.GreetingController.class)
class ConfiguredApp {

	@Bean
	@RefreshScope
	Greeting greeting(@Value("${greeting:no greeting configured}") String text) {
		return new Greeting(text);
	}

	/**
	 * Holds the configured text; a class, not a record, because the refresh scope proxies
	 * it by subclassing.
	 */
	static class Greeting {

		private final String text;

		Greeting(String text) {
			this.text = text;
		}

		public String text() {
			return this.text;
		}

	}

	@RestController
	static class GreetingController {

		private final Greeting greeting;

		GreetingController(Greeting greeting) {
			this.greeting = greeting;
		}

		@GetMapping("/greeting")
		String greeting() {
			return this.greeting.text();
		}

	}

}
