/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.e2e;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * A consumer of {@code greeter}: finds it through spring-cloud-consul's
 * {@code DiscoveryClient} and calls it through a load-balanced {@link RestClient}, the
 * way an application that never hard-codes an address does.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class CallerApp {

	@Bean
	@LoadBalanced
	RestClient.Builder loadBalancedRestClientBuilder() {
		return RestClient.builder();
	}

	@Bean
	GreeterClient greeterClient(@LoadBalanced RestClient.Builder builder) {
		return new GreeterClient(builder.baseUrl("http://greeter").build());
	}

	static class GreeterClient {

		private final RestClient restClient;

		GreeterClient(RestClient restClient) {
			this.restClient = restClient;
		}

		String hello() {
			return this.restClient.get().uri("/hello").retrieve().body(String.class);
		}

	}

}
