package com.example.edge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Another team's own Spring Cloud Gateway app with Junction's gateway starter: its own
 * routes, its own canary policy and rate limit, Junction's edge around them.
 */
@SpringBootApplication
public class EdgeApplication {

	public static void main(String[] args) {
		SpringApplication.run(EdgeApplication.class, args);
	}

}
