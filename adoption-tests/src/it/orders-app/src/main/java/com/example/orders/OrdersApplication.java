package com.example.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An app of another team that adds Junction's starter: it registers in Consul with its
 * version, answers through the edge, writes an event through the outbox and calls another
 * instance of itself through the load-balanced client.
 */
@SpringBootApplication
public class OrdersApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrdersApplication.class, args);
	}

}
