/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.support.ContainerUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Acknowledges the messages a direct listener container handled in batches: one
 * {@code basicAck} with {@code multiple} for up to {@code messagesPerAck} handled
 * messages of a channel, sent at the latest {@code ackDelay} after the first of them. It
 * gives the outermost advice of a container in manual acknowledgement mode
 * ({@link #advice(boolean)}), which sees each message once, after the retries:
 * <ul>
 * <li>a message the listener handled joins its channel's batch;</li>
 * <li>a message that failed first acknowledges the batch before it, then is rejected
 * alone ({@code basicNack}, requeued as the container would decide: not for Junction's
 * default {@code default-requeue-rejected=false}, so the broker dead-letters it);</li>
 * <li>a batch that does not fill is acknowledged by a timer after the delay;</li>
 * <li>when the application context closes, every batch is acknowledged before the
 * containers stop, and from then on each message at once.</li>
 * </ul>
 * Every acknowledgement of a channel is sent under that channel's batch lock, by the
 * listener's thread or the timer's, so none is sent twice (RabbitMQ closes a channel that
 * acknowledges a delivery tag twice). Spring AMQP's own {@code messagesPerAck} is not
 * used for this reason: its monitor thread sends a pending batch without the lock the
 * listener's thread holds while it counts.
 * <p>
 * A consumer whose channel or connection dies before its batch was acknowledged gets the
 * batch again: at least once, as always, and the idempotent consumer skips what it had
 * done.
 */
final class ListenerAcknowledgements
		implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware, DisposableBean {

	private static final Log logger = LogFactory.getLog(ListenerAcknowledgements.class);

	private final int messagesPerAck;

	private final long ackDelayNanos;

	private final Map<Channel, Batch> batches = new ConcurrentHashMap<>();

	private final ScheduledExecutorService timer;

	private volatile boolean closing;

	private ApplicationContext context;

	/**
	 * Batches of at most {@code messagesPerAck} messages, none waiting longer than
	 * {@code ackDelay}.
	 * @param messagesPerAck messages per acknowledgement, at least 2
	 * @param ackDelay longest wait of a handled message for its acknowledgement
	 */
	ListenerAcknowledgements(int messagesPerAck, Duration ackDelay) {
		this.messagesPerAck = messagesPerAck;
		this.ackDelayNanos = ackDelay.toNanos();
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "junction-listener-acks");
			thread.setDaemon(true);
			return thread;
		});
		// half the delay: a batch is checked at most that long after it became due
		long period = Math.max(1, ackDelay.toMillis() / 2);
		this.timer.scheduleWithFixedDelay(this::acknowledgeDueBatches, period, period, TimeUnit.MILLISECONDS);
	}

	/**
	 * The batch for a prefetch: the setting, but at most half the prefetch (a prefetch of
	 * 0 is unlimited), so the broker keeps delivering while a batch fills.
	 * @param messagesPerAck the setting
	 * @param prefetch the containers' prefetch
	 * @return messages per acknowledgement
	 */
	static int cappedByPrefetch(int messagesPerAck, int prefetch) {
		return (prefetch <= 0) ? messagesPerAck : Math.max(1, Math.min(messagesPerAck, prefetch / 2));
	}

	/** Messages handled before one acknowledgement is sent. */
	int messagesPerAck() {
		return this.messagesPerAck;
	}

	/**
	 * The advice for a container in manual acknowledgement mode.
	 * @param defaultRequeueRejected whether a failed message is requeued when its
	 * exception does not say (the container's setting)
	 * @return the advice, to put first in the container's advice chain
	 */
	MethodInterceptor advice(boolean defaultRequeueRejected) {
		return (invocation) -> invoke(invocation, defaultRequeueRejected);
	}

	private Object invoke(MethodInvocation invocation, boolean defaultRequeueRejected) throws Throwable {
		Object[] arguments = invocation.getArguments();
		long deliveryTag = (arguments.length == 2) ? deliveryTag(arguments[1]) : -1;
		if (!(arguments[0] instanceof Channel channel) || deliveryTag < 0) {
			return invocation.proceed();
		}
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			if (ContainerUtils.isImmediateAcknowledge(ex)) {
				handled(channel, deliveryTag);
			}
			else {
				failed(channel, deliveryTag, ContainerUtils.shouldRequeue(defaultRequeueRejected, ex, logger));
			}
			throw ex;
		}
		handled(channel, deliveryTag);
		return result;
	}

	private static long deliveryTag(Object data) {
		Object message = (data instanceof List<?> list && !list.isEmpty()) ? list.get(0) : data;
		return (message instanceof Message amqp) ? amqp.getMessageProperties().getDeliveryTag() : -1;
	}

	private void handled(Channel channel, long deliveryTag) {
		Batch batch = this.batches.computeIfAbsent(channel, Batch::new);
		synchronized (batch) {
			if (batch.count == 0) {
				batch.firstHandledNanos = System.nanoTime();
			}
			batch.lastTag = Math.max(batch.lastTag, deliveryTag);
			batch.count++;
			if (batch.count >= this.messagesPerAck || this.closing) {
				acknowledge(batch);
			}
		}
	}

	private void failed(Channel channel, long deliveryTag, boolean requeue) {
		Batch batch = this.batches.computeIfAbsent(channel, Batch::new);
		synchronized (batch) {
			if (batch.count > 0) {
				acknowledge(batch);
			}
			try {
				channel.basicNack(deliveryTag, false, requeue);
			}
			catch (IOException | RuntimeException ex) {
				// the broker delivers it again once the channel is gone
				logger.debug("Could not reject delivery " + deliveryTag + "; the broker will deliver it again", ex);
				forget(batch);
			}
		}
	}

	/** Sends a batch's acknowledgement; the caller holds the batch's lock. */
	private void acknowledge(Batch batch) {
		try {
			batch.channel.basicAck(batch.lastTag, true);
			batch.count = 0;
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not acknowledge " + batch.count + " message(s) up to delivery " + batch.lastTag
					+ "; the broker will deliver them again", ex);
			forget(batch);
		}
	}

	private void forget(Batch batch) {
		batch.count = 0;
		this.batches.remove(batch.channel, batch);
	}

	private void acknowledgeDueBatches() {
		long now = System.nanoTime();
		for (Batch batch : this.batches.values()) {
			synchronized (batch) {
				if (!batch.channel.isOpen()) {
					forget(batch);
				}
				else if (batch.count > 0 && (this.closing || now - batch.firstHandledNanos >= this.ackDelayNanos / 2)) {
					acknowledge(batch);
				}
			}
		}
	}

	/** Handled messages of all channels waiting for their acknowledgement. */
	int waiting() {
		int waiting = 0;
		for (Batch batch : this.batches.values()) {
			synchronized (batch) {
				waiting += batch.count;
			}
		}
		return waiting;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() != this.context) {
			// a child context, such as a load-balanced client's, closing
			return;
		}
		// before the containers stop: their channels close right after
		this.closing = true;
		for (Batch batch : this.batches.values()) {
			synchronized (batch) {
				if (batch.count > 0) {
					acknowledge(batch);
				}
			}
		}
	}

	@Override
	public void destroy() throws TimeoutException, InterruptedException {
		this.closing = true;
		acknowledgeDueBatches();
		this.timer.shutdownNow();
		if (!this.timer.awaitTermination(5, TimeUnit.SECONDS)) {
			throw new TimeoutException("The listener acknowledgement timer did not stop within 5 s");
		}
	}

	/** Handled, unacknowledged messages of one channel. */
	private static final class Batch {

		final Channel channel;

		long lastTag;

		int count;

		long firstHandledNanos;

		Batch(Channel channel) {
			this.channel = channel;
		}

	}

}
