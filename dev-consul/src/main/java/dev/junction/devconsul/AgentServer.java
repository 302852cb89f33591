/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty HTTP/1.1 server: one acceptor thread and two I/O threads, keep-alive, bodies
 * aggregated up to the configured limit (larger ones get a 413, like a KV value over
 * Consul's 512 KiB).
 */
final class AgentServer implements AutoCloseable {

	private final EventLoopGroup boss;

	private final EventLoopGroup workers;

	private final Channel channel;

	private AgentServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
		this.boss = boss;
		this.workers = workers;
		this.channel = channel;
	}

	/** The I/O threads, also used for check and blocking-query timers. */
	static EventLoopGroup newWorkers() {
		return new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("dev-consul-io", true),
				NioIoHandler.newFactory());
	}

	static AgentServer bind(DevConsulSettings settings, EventLoopGroup workers, Router router) {
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("dev-consul-accept", true),
				NioIoHandler.newFactory());
		ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers)
			.channel(NioServerSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, 1024)
			// an agent restarted on the same port binds while old connections linger
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {

				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline()
						.addLast(new HttpServerCodec(16 * 1024, 64 * 1024, 8192))
						.addLast(new BodyLimit(settings.maxBodyBytes()))
						.addLast(new RequestHandler(router));
				}

			});
		try {
			Channel channel = bootstrap.bind(new InetSocketAddress(settings.bindAddress(), settings.port()))
				.syncUninterruptibly()
				.channel();
			return new AgentServer(boss, workers, channel);
		}
		catch (RuntimeException ex) {
			boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
			throw new IllegalStateException("Could not bind the dev Consul agent to " + settings.bindAddress() + ":"
					+ settings.port() + " (" + ex.getMessage() + "); choose another port with --port", ex);
		}
	}

	int port() {
		return ((InetSocketAddress) this.channel.localAddress()).getPort();
	}

	@Override
	public void close() {
		this.channel.close().syncUninterruptibly();
		this.boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
		// the agent has answered its parked queries before (BlockingQueries.releaseAll)
		this.workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	/** Aggregates bodies, answering an oversized one with a plain-text 413. */
	private static final class BodyLimit extends HttpObjectAggregator {

		private static final String KV_MAX_VALUE_SIZE_DOCS = "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size";

		private final int maxBytes;

		BodyLimit(int maxBytes) {
			super(maxBytes);
			this.maxBytes = maxBytes;
		}

		@Override
		protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
			String text = "Request body too large, max size: " + this.maxBytes + " bytes";
			if (oversized instanceof HttpRequest request && HttpMethod.PUT.equals(request.method())
					&& request.uri().startsWith("/v1/kv/") && HttpUtil.isContentLengthSet(request)) {
				// Consul's own KV check (kv_max_value_size), on the declared length
				text = "Request body(" + HttpUtil.getContentLength(request) + " bytes) too large, max size: "
						+ this.maxBytes + " bytes. See " + KV_MAX_VALUE_SIZE_DOCS + ".";
			}
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
					HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
			response.headers().set(HttpHeaderNames.CONTENT_TYPE, ApiResponse.TEXT);
			response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
			boolean keepOpen = HttpUtil.isKeepAlive(oversized) || HttpUtil.is100ContinueExpected(oversized);
			if (!keepOpen) {
				response.headers().set(HttpHeaderNames.CONNECTION, "close");
			}
			ctx.writeAndFlush(response)
				.addListener(keepOpen ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
		}

	}

}
