/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample order-service: stores orders, checks the user with user-service through the
 * load-balanced client, and publishes {@code OrderPlaced} through the transactional
 * outbox.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderServiceApplication.class, args);
	}

}
