/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.backend;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
 * The backend of the gateway benchmarks (G1-G4, C1, P1, L1): a Netty server on loopback
 * that answers every request at once with the same small JSON body (about the size of
 * sample-user-service's {@code GET /api/users/{id}}) and a {@code Junction-Instance}
 * header naming the port that answered. It costs little CPU, so on a 2-core machine the
 * gateway, not the backend, limits throughput and the ratios show the gateway's cost.
 */
public final class FixedResponseBackend implements AutoCloseable {

	private static final byte[] BODY = "{\"id\":1,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\",\"orderCount\":0}"
		.getBytes(StandardCharsets.UTF_8);

	private final EventLoopGroup group = new NioEventLoopGroup(1);

	private final List<Channel> channels = new ArrayList<>();

	/**
	 * Starts listening on the given loopback ports (one event-loop thread for all).
	 * @param ports the ports, such as two free ones for a "v1" and a "v2" instance
	 */
	public FixedResponseBackend(int... ports) {
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
							.addLast(new Answer(instance));
					}
				});
			this.channels.add(bootstrap.bind(new InetSocketAddress("127.0.0.1", port)).syncUninterruptibly().channel());
		}
	}

	/**
	 * Runs the backend as a process of its own, so that the throughput scenarios can pin
	 * it to a core apart from the load generator's: it listens on {@code --server.port=N}
	 * and on each of {@code --bench.backend.more-ports=M,...}, ignores other arguments,
	 * and runs until the process is stopped.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		List<Integer> ports = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--server.port=")) {
				ports.add(0, Integer.parseInt(arg.substring("--server.port=".length())));
			}
			else if (arg.startsWith("--bench.backend.more-ports=")) {
				for (String port : arg.substring("--bench.backend.more-ports=".length()).split(",")) {
					ports.add(Integer.parseInt(port.trim()));
				}
			}
		}
		if (ports.isEmpty()) {
			System.err.println("Usage: FixedResponseBackend --server.port=N [--bench.backend.more-ports=M,...]");
			System.exit(2);
		}
		FixedResponseBackend backend = new FixedResponseBackend(ports.stream().mapToInt(Integer::intValue).toArray());
		Runtime.getRuntime().addShutdownHook(new Thread(backend::close, "backend-shutdown"));
		System.out.println("Fixed-response backend listening on 127.0.0.1 ports " + ports);
	}

	@Override
	public void close() {
		this.channels.forEach(Channel::close);
		this.group.shutdownGracefully().syncUninterruptibly();
	}

	private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {

		private final String instance;

		Answer(String instance) {
			this.instance = instance;
		}

		@Override
		protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
			ByteBuf body = Unpooled.wrappedBuffer(BODY);
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
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
