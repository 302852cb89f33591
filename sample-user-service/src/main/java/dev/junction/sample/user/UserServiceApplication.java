/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample user-service: users in PostgreSQL behind a two-level cache, run as
 * {@code v1} or {@code v2} (profile {@code v2}) from the same jar so the gateway's canary
 * policies have something to choose between.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class UserServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(UserServiceApplication.class, args);
	}

}
