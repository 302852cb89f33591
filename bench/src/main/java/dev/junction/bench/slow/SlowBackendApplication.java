/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.slow;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The backend of O1: a servlet app whose {@code GET /api/users/{id}} takes 50 ms of a
 * worker thread ({@code bench.work-millis}), so that with Tomcat's 8 workers
 * ({@code server.tomcat.threads.max=8}) it serves 160 requests per second at most. Run
 * with the Junction starter on its classpath (it registers itself and sheds load as the
 * starter does) or without it, as a plain Spring Cloud Consul discovery app (the plain
 * reference); {@code /bench/ready} is the plain one's Consul check.
 */
@SpringBootApplication
@RestController
public class SlowBackendApplication {

	private final long workMillis;

	SlowBackendApplication(@Value("${bench.work-millis:50}") long workMillis) {
		this.workMillis = workMillis;
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SlowBackendApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.run(args);
	}

	@GetMapping("/api/users/{id}")
	Map<String, Object> user(@PathVariable long id) throws InterruptedException {
		Thread.sleep(this.workMillis);
		return Map.of("id", id, "name", "Ada Lovelace", "email", "ada@example.org", "orderCount", 0);
	}

	@GetMapping("/bench/ready")
	String ready() {
		return "ready";
	}

}
