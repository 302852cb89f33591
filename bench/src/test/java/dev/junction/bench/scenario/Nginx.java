/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.junction.testsupport.LoopbackPorts;
import java.net.Socket;

/**
 * nginx as a reverse proxy reference: {@code proxy_pass} to the backend through an
 * upstream with keepalive connections, otherwise Debian's defaults ({@code
 * worker_processes auto}); access log off, as a benchmark proxy would run. Started in the
 * foreground as a child process with a configuration of its own under
 * {@code target/nginx/}.
 */
final class Nginx implements AutoCloseable {

	private final Process process;

	private final int port;

	private Nginx(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static Path binary() {
		for (String candidate : new String[] { "/usr/sbin/nginx", "/usr/bin/nginx" }) {
			if (Files.isExecutable(Path.of(candidate))) {
				return Path.of(candidate);
			}
		}
		return null;
	}

	static Nginx start(int backendPort) {
		Path nginx = binary();
		if (nginx == null) {
			throw new IllegalStateException("nginx is not installed: bench/run.sh installs it (nginx-light)");
		}
		int port = LoopbackPorts.free();
		try {
			Path prefix = Files.createDirectories(Path.of("target", "nginx", Integer.toString(port)).toAbsolutePath());
			Files.createDirectories(prefix.resolve("logs"));
			Path conf = prefix.resolve("nginx.conf");
			Files.writeString(conf, """
					worker_processes auto;
					pid %1$s/nginx.pid;
					error_log %1$s/logs/error.log warn;
					events { worker_connections 1024; }
					http {
						access_log off;
						client_body_temp_path %1$s/body;
						proxy_temp_path %1$s/proxy;
						fastcgi_temp_path %1$s/fastcgi;
						uwsgi_temp_path %1$s/uwsgi;
						scgi_temp_path %1$s/scgi;
						upstream backend {
							server 127.0.0.1:%2$d;
							keepalive 64;
						}
						server {
							listen 127.0.0.1:%3$d;
							location / {
								proxy_pass http://backend;
								proxy_http_version 1.1;
								proxy_set_header Connection "";
							}
						}
					}
					""".formatted(prefix, backendPort, port));
			Process process = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c", conf.toString(), "-g",
					"daemon off;")
				.redirectErrorStream(true)
				.redirectOutput(prefix.resolve("logs/console.log").toFile())
				.start();
			Nginx started = new Nginx(process, port);
			started.awaitListening();
			return started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start nginx", ex);
		}
	}

	private void awaitListening() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				return;
			}
			catch (IOException ex) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("nginx exited with " + this.process.exitValue()
							+ "; see target/nginx/" + this.port + "/logs/");
				}
				Pause.millis(100);
			}
		}
		throw new IllegalStateException("nginx does not listen on " + this.port + " after 20 s");
	}

	/** The master process; its workers are its children. */
	long pid() {
		return this.process.pid();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
