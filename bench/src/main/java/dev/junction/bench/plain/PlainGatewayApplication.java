/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.plain;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The "plain Spring Cloud Gateway route with defaults" reference of G1 and G3: Spring
 * Cloud Gateway (server-webflux) with nothing but the route the benchmark passes as
 * properties ({@code spring.cloud.gateway.server.webflux.routes[0].*}, a static
 * {@code http://127.0.0.1:port} URI), every other setting at Spring Cloud Gateway's and
 * Spring Boot's defaults. Run from the bench module's classpath.
 */
@SpringBootApplication
public class PlainGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(PlainGatewayApplication.class, args);
	}

}
