/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The Junction edge: Spring Cloud Gateway with Junction's traffic policies. Everything it
 * adds to the gateway is an auto-configuration (listed in
 * {@code META-INF/spring/...AutoConfiguration.imports}), so each part can be replaced or
 * switched off like any Boot auto-configuration. There is deliberately no component scan:
 * it would pick up the auto-configurations' nested configuration classes as ordinary
 * ones, ahead of the beans their conditions look for.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
