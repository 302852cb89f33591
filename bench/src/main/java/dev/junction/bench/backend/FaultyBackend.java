/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.backend;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The instances of the gray-failure scenarios (D4, B1): a Netty server on loopback per
 * port that answers like {@link FixedResponseBackend} until it is told to answer every
 * request with a given status instead ({@link #answer}), while {@code /readyz} keeps
 * answering 200, so that Consul's check passes: a gray failure that only the callers see.
 * <p>
 * Every request but {@code /readyz} is counted per port and per the value of its
 * {@value #VIA} header, which the scenarios' load sets to name the gateway it went
 * through, so that the attempts each gateway made (its retries included) are counted
 * where they arrive.
 */
public final class FaultyBackend implements AutoCloseable {

	/** The request header naming the path a request took, for the counts. */
	public static final String VIA = "X-Bench-Via";

	private static final byte[] BODY = "{\"id\":1,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\",\"orderCount\":0}"
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] FAILURE = "{\"title\":\"Injected failure\"}".getBytes(StandardCharsets.UTF_8);

	private final EventLoopGroup group = new NioEventLoopGroup(1);

	private final Map<Integer, Channel> channels = new LinkedHashMap<>();

	private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

	/**
	 * Starts listening on the given loopback ports (one event-loop thread for all), each
	 * answering 200.
	 * @param ports the ports, one per instance
	 */
	public FaultyBackend(int... ports) {
		for (int port : ports) {
			String instance = "backend-" + port;
			ServerBootstrap bootstrap = new ServerBootstrap().group(this.group)
				.channel(NioServerSocketChannel.class)
				.childHandler(new ChannelInitializer<SocketChannel>() {
					@Override
					protected void initChannel(SocketChannel channel) {
						channel.pipeline()
							.addLast(new HttpServerCodec())
							.addLast(new HttpObjectAggregator(64 * 1024))
							.addLast(new Answer(port, instance));
					}
				});
			this.statuses.put(port, 200);
			this.channels.put(port,
					bootstrap.bind(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel());
		}
	}

	/**
	 * Makes the instance on a port answer every request but {@code /readyz} with the
	 * status: 500 or 503 for a failing instance, 200 for a healthy one again.
	 */
	public void answer(int port, int status) {
		if (!this.statuses.containsKey(port)) {
			throw new IllegalArgumentException("No instance on port " + port + "; ports: " + this.statuses.keySet());
		}
		this.statuses.put(port, status);
	}

	/**
	 * Requests the instance on a port received with the given {@value #VIA} value
	 * ({@code "-"} for requests without it).
	 */
	public long count(int port, String via) {
		AtomicLong count = this.counts.get(port + " " + via);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Requests the instances on the given ports received with the {@value #VIA} value.
	 */
	public long count(List<Integer> ports, String via) {
		return ports.stream().mapToLong((port) -> count(port, via)).sum();
	}

	@Override
	public void close() {
		this.channels.values().forEach(Channel::close);
		this.group.shutdownGracefully().syncUninterruptibly();
	}

	private final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {

		private final int port;

		private final String instance;

		Answer(int port, String instance) {
			this.port = port;
			this.instance = instance;
		}

		@Override
		protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
			int status = 200;
			if (!request.uri().startsWith("/readyz")) {
				String via = request.headers().get(VIA, "-");
				FaultyBackend.this.counts.computeIfAbsent(this.port + " " + via, (key) -> new AtomicLong())
					.incrementAndGet();
				status = FaultyBackend.this.statuses.getOrDefault(this.port, 200);
			}
			byte[] bytes = (status == 200) ? BODY : FAILURE;
			ByteBuf body = Unpooled.wrappedBuffer(bytes);
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
					HttpResponseStatus.valueOf(status), body);
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
				.set("Junction-Instance", this.instance);
			boolean keepAlive = HttpUtil.isKeepAlive(request);
			if (keepAlive) {
				response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
				context.writeAndFlush(response);
			}
			else {
				context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			context.close();
		}

	}

}
