/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.junction.starter.JunctionMdc;
import dev.junction.starter.SeparateReactorResources;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Apps that show what the starter made of an incoming request: the call context it kept
 * and the JSON body it read.
 */
final class InboundApps {

	private InboundApps() {
	}

	/**
	 * A JSON body.
	 *
	 * @param name a text
	 * @param quantity a whole number
	 * @param tags texts
	 */
	record Item(String name, int quantity, List<String> tags) {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Servlet.Endpoints.class, SeparateReactorResources.class })
	static class Servlet {

		@RestController
		static class Endpoints {

			@GetMapping("/context")
			Map<String, String> context() {
				Map<String, String> context = new LinkedHashMap<>();
				context.put("correlationId", MDC.get(JunctionMdc.CORRELATION_ID));
				context.put("version", MDC.get(JunctionMdc.VERSION));
				return context;
			}

			@PostMapping(path = "/items", consumes = MediaType.APPLICATION_JSON_VALUE)
			Item echo(@RequestBody Item item) {
				return item;
			}

			@GetMapping("/failure")
			String failure() {
				throw new IllegalStateException("a bug, not the client's fault");
			}

		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Reactive.Endpoints.class, SeparateReactorResources.class })
	static class Reactive {

		@RestController
		static class Endpoints {

			@GetMapping("/context")
			Mono<Map<String, String>> context() {
				return Mono.deferContextual((reactor) -> {
					Map<String, String> context = new LinkedHashMap<>();
					context.put("correlationId", reactor.getOrDefault(JunctionMdc.CORRELATION_ID, null));
					context.put("version", reactor.getOrDefault(JunctionMdc.VERSION, null));
					return Mono.just(context);
				});
			}

		}

	}

}
