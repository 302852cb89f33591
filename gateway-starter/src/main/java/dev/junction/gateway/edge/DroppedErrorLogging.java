/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.io.IOException;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Hooks;
import reactor.netty.channel.AbortedException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Logs the errors Reactor drops (signalled after their subscriber had finished) as
 * Reactor does, at ERROR with the stack trace, except those a client causes: a request
 * body that stalls or is cut off reaches both the request being forwarded and the
 * server's own request handling, and the second copy is dropped. Without this, every slow
 * client wrote an ERROR with a stack trace
 * ({@code Operator called default onErrorDropped}).
 */
final class DroppedErrorLogging implements InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(DroppedErrorLogging.class);

	@Override
	public void afterPropertiesSet() {
		Hooks.onErrorDropped(DroppedErrorLogging::log);
	}

	@Override
	public void destroy() {
		Hooks.resetOnErrorDropped();
	}

	static void log(Throwable ex) {
		if (isClientCaused(ex)) {
			logger.debug("Dropped a client's failure after its exchange ended: " + ex);
		}
		else {
			logger.error("Operator called default onErrorDropped", ex);
		}
	}

	static boolean isClientCaused(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ClientRequestFailure || cause instanceof ReadTimeoutException
					|| cause instanceof AbortedException || cause instanceof IOException
					|| cause instanceof DecoderException || cause instanceof RequestTimeoutException
					|| cause.getClass().getName().equals("reactor.netty.http.server.RequestTimeoutException")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
