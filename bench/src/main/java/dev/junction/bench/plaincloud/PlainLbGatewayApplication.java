/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.plaincloud;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The "plain Spring Cloud" reference of the gray-failure scenarios (D3-D5, O1, B1):
 * Spring Cloud Gateway (server-webflux) with Spring Cloud LoadBalancer and Spring Cloud
 * Consul discovery, each with its defaults, and the {@code lb://} routes the scenario
 * passes as properties. Run from the bench module's classpath plus
 * {@code target/lib-plain-cloud} (Consul discovery and the load balancer, which the
 * static-route reference {@code PlainGatewayApplication} does not have).
 */
@SpringBootApplication
public class PlainLbGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(PlainLbGatewayApplication.class, args);
	}

}
