/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.junction.starter.TestApps;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Calls the consumers from two threads until closed, recording answers and failures.
 */
final class CallLoad implements AutoCloseable {

	final List<String> answers = new CopyOnWriteArrayList<>();

	final List<String> failures = new CopyOnWriteArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ExecutorService threads = Executors.newFixedThreadPool(2);

	CallLoad(ConfigurableApplicationContext... apps) {
		for (ConfigurableApplicationContext app : apps) {
			this.threads.execute(() -> {
				while (this.running.get()) {
					try {
						HttpResponse<String> response = TestApps.get(app, "/call");
						if (response.statusCode() == 200) {
							this.answers.add(response.body());
						}
						else {
							this.failures.add(response.statusCode() + " " + response.body());
						}
					}
					catch (IOException ex) {
						this.failures.add(ex.toString());
					}
				}
			});
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		this.threads.shutdown();
		this.threads.awaitTermination(30, TimeUnit.SECONDS);
	}

}
