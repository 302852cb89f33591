/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.function.BiConsumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * A TCP check: passing when a connection to {@code host:port} opens within the timeout,
 * else critical. Connects on the agent's own event loop.
 */
final class TcpCheck extends IntervalCheck {

	TcpCheck(CheckDefinition definition, EventLoop loop, Sink sink) {
		super(definition, loop, sink);
	}

	@Override
	protected void probe(BiConsumer<HealthStatus, String> done) {
		String target = this.definition.target();
		int colon = target.lastIndexOf(':');
		int port;
		try {
			port = Integer.parseInt(target.substring(colon + 1));
		}
		catch (NumberFormatException | IndexOutOfBoundsException ex) {
			done.accept(HealthStatus.CRITICAL, "dial tcp " + target + ": address " + target + ": missing port");
			return;
		}
		String host = target.substring(0, Math.max(colon, 0)).replace("[", "").replace("]", "");
		ChannelFuture connect = new Bootstrap().group(this.loop)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) this.definition.timeout().toMillis())
			.handler(new ChannelInboundHandlerAdapter())
			.connect(host, port);
		connect.addListener((ChannelFuture future) -> {
			if (future.isSuccess()) {
				future.channel().close();
				done.accept(HealthStatus.PASSING, "TCP connect " + target + ": Success");
			}
			else {
				Throwable cause = future.cause();
				done.accept(HealthStatus.CRITICAL, "dial tcp " + target + ": "
						+ ((cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName()));
			}
		});
	}

}
