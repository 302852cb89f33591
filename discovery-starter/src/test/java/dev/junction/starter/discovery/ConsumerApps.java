/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import dev.junction.starter.SeparateReactorResources;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Apps that call the {@code provider} service through the starter's load-balanced
 * clients.
 */
final class ConsumerApps {

	private ConsumerApps() {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Servlet.Calls.class, SeparateReactorResources.class })
	static class Servlet {

		@RestController
		static class Calls {

			private final RestClient rest;

			private final WebClient web;

			Calls(@LoadBalanced RestClient.Builder rest, @LoadBalanced WebClient.Builder web) {
				this.rest = rest.build();
				this.web = web.build();
			}

			@GetMapping("/call")
			String call() {
				return this.rest.get().uri("http://provider/whoami").retrieve().body(String.class);
			}

			@GetMapping("/call-web")
			String callWeb() {
				return this.web.get().uri("http://provider/whoami").retrieve().bodyToMono(String.class).block();
			}

		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Reactive.Calls.class, SeparateReactorResources.class })
	static class Reactive {

		@RestController
		static class Calls {

			private final WebClient web;

			Calls(@LoadBalanced WebClient.Builder web) {
				this.web = web.build();
			}

			@GetMapping("/call")
			Mono<String> call() {
				return this.web.get().uri("http://provider/whoami").retrieve().bodyToMono(String.class);
			}

		}

	}

}
