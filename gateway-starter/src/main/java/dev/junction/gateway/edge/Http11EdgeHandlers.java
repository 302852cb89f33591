/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.time.Duration;

import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.http.server.HttpServer;

/**
 * Puts the edge's HTTP/1.1 handlers between Reactor Netty's HTTP codec and its
 * {@code HttpTrafficHandler} on every new connection: pipelined requests one at a time
 * ({@link PipelinedRequestSerializer}), the slow-client timeouts
 * ({@link RequestTimeouts}), problem bodies on the server's own refusals
 * ({@link ProtocolErrorProblemHandler}), and the keep-alive header HTTP/1.0 clients need
 * ({@link Http10KeepAliveHandler}). Connections without that handler (HTTP/2) are left as
 * they are.
 */
final class Http11EdgeHandlers implements NettyServerCustomizer {

	static final String SERIALIZER = "junction.pipelinedRequestSerializer";

	static final String TIMEOUTS = "junction.requestTimeouts";

	static final String PROBLEMS = "junction.protocolErrorProblems";

	static final String HTTP10_KEEP_ALIVE = "junction.http10KeepAlive";

	private final long readTimeoutNanos;

	private final long requestTimeoutNanos;

	Http11EdgeHandlers(Duration readTimeout, Duration requestTimeout) {
		this.readTimeoutNanos = readTimeout.toNanos();
		this.requestTimeoutNanos = requestTimeout.toNanos();
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, remoteAddress) -> addTo(channel.pipeline()));
	}

	void addTo(ChannelPipeline pipeline) {
		if (pipeline.get(NettyPipeline.HttpTrafficHandler) == null || pipeline.get(SERIALIZER) != null) {
			return;
		}
		pipeline.addBefore(NettyPipeline.HttpTrafficHandler, SERIALIZER, new PipelinedRequestSerializer());
		pipeline.addBefore(NettyPipeline.HttpTrafficHandler, TIMEOUTS,
				new RequestTimeouts(this.readTimeoutNanos, this.requestTimeoutNanos));
		pipeline.addBefore(NettyPipeline.HttpTrafficHandler, PROBLEMS, new ProtocolErrorProblemHandler());
		pipeline.addBefore(NettyPipeline.HttpTrafficHandler, HTTP10_KEEP_ALIVE, new Http10KeepAliveHandler());
	}

}
