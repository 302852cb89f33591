package dev.junction.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Junction edge: Spring Cloud Gateway with Junction's traffic policies. Everything it
 * adds to the gateway is an auto-configuration (listed in
 * {@code META-INF/spring/...AutoConfiguration.imports}), so each part can be replaced or
 * switched off like any Boot auto-configuration.
 */
@SpringBootApplication
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
