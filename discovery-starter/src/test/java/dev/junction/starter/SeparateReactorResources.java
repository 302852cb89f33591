/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * For apps that share one JVM in a test: Boot's {@link ReactorResourceFactory} uses
 * Reactor Netty's global resources and disposes them when its app closes, which would
 * break the Netty server and clients of every other app in the JVM. Each test app gets
 * its own resources instead. (One app per JVM, as in production, does not need this.)
 */
@Configuration(proxyBeanMethods = false)
public class SeparateReactorResources {

	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		return factory;
	}

}
