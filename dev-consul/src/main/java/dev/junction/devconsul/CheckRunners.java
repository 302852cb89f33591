/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.net.http.HttpClient;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import io.netty.channel.EventLoopGroup;

/**
 * Starts the runner a check needs. Timers run on the agent's event loops and HTTP probes
 * use {@code java.net.http} asynchronously, so a check costs no thread of its own.
 */
final class CheckRunners implements AutoCloseable {

	private final EventLoopGroup loops;

	private final ExecutorService callbacks;

	private CompletableFuture<HttpClient> http;

	private CompletableFuture<HttpClient> insecureHttp;

	CheckRunners(EventLoopGroup loops) {
		this.loops = loops;
		AtomicInteger count = new AtomicInteger();
		this.callbacks = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "dev-consul-http-check-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	private HttpClient.Builder builder() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(this.callbacks);
	}

	RunningCheck start(CheckDefinition check, RunningCheck.Sink sink) {
		if (check.type() == null) {
			return RunningCheck.NONE;
		}
		return switch (check.type()) {
			case HTTP -> new HttpCheck(check, this.loops.next(), sink, client(check.tlsSkipVerify())).start();
			case TCP -> new TcpCheck(check, this.loops.next(), sink).start();
			case TTL -> new TtlCheck(check, this.loops.next(), sink).start();
			case MAINTENANCE -> RunningCheck.NONE;
		};
	}

	/**
	 * The HTTP client, built on first use off the event loop: building one loads the JDK
	 * trust store, which takes seconds in a cold JVM and would slow every agent's start.
	 */
	private synchronized CompletableFuture<HttpClient> client(boolean tlsSkipVerify) {
		if (tlsSkipVerify) {
			if (this.insecureHttp == null) {
				this.insecureHttp = CompletableFuture.supplyAsync(() -> builder().sslContext(trustAll()).build(),
						this.callbacks);
			}
			return this.insecureHttp;
		}
		if (this.http == null) {
			this.http = CompletableFuture.supplyAsync(() -> builder().build(), this.callbacks);
		}
		return this.http;
	}

	/** For {@code TLSSkipVerify}: trust any certificate. */
	private static SSLContext trustAll() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { new TrustAll() }, new SecureRandom());
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot create a TLSSkipVerify HTTP client", ex);
		}
	}

	@Override
	public void close() {
		this.callbacks.shutdownNow();
	}

	/** Extended, so that the JDK adds no host name check of its own either. */
	private static final class TrustAll extends X509ExtendedTrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
