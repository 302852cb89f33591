/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.e2e;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service that registers itself with spring-cloud-starter-consul-discovery. Its Consul
 * HTTP check targets {@code /actuator/health}, which the test can turn to 503 through
 * {@link HealthSwitch}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(GreeterApp.HelloController.class)
class GreeterApp {

	@Bean
	HealthSwitch healthSwitch() {
		return new HealthSwitch();
	}

	@RestController
	static class HelloController {

		private final String instanceId;

		HelloController(@Value("${spring.cloud.consul.discovery.instance-id}") String instanceId) {
			this.instanceId = instanceId;
		}

		@GetMapping("/hello")
		String hello() {
			return "hello from " + this.instanceId;
		}

	}

	/**
	 * A health contributor the test flips; when it is down, {@code /actuator/health}
	 * answers 503 and the Consul check goes critical.
	 */
	static class HealthSwitch implements HealthIndicator {

		private final AtomicBoolean up = new AtomicBoolean(true);

		void fail() {
			this.up.set(false);
		}

		void recover() {
			this.up.set(true);
		}

		@Override
		public Health health() {
			return this.up.get() ? Health.up().build()
					: Health.down().withDetail("reason", "switched off by test").build();
		}

	}

}
