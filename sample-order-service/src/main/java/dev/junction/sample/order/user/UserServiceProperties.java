/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.user;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How order-service reaches user-service.
 *
 * @param baseUrl base URL of user-service; its host is the Consul service name the load
 * balancer resolves (and the circuit breaker's id)
 * @param retryAfter what the {@code Retry-After} header of the fallback answer suggests
 */
@ConfigurationProperties("junction.sample.order.user-service")
record UserServiceProperties(@DefaultValue("http://sample-user-service") String baseUrl,
		@DefaultValue("5s") Duration retryAfter) {

}
