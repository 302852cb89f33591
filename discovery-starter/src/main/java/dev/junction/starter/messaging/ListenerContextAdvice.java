package dev.junction.starter.messaging;

import dev.junction.starter.JunctionMdc;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;

/**
 * Puts a received message's context (message id, correlation id,
 * {@code junction-version}) into the MDC while its listener runs, including every retry
 * and the dead-lettering, and restores the MDC afterwards. Anything the listener
 * publishes, directly or through the outbox, carries the same correlation id and version
 * on.
 * <p>
 * An advice rather than a message post-processor because only an advice runs
 * <em>around</em> the listener and can clean up after it: consumer threads are reused and
 * must not carry one message's version into the next.
 */
final class ListenerContextAdvice implements MethodInterceptor {

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (arguments.length < 2 || !(arguments[1] instanceof Message message)) {
			return invocation.proceed();
		}
		try (JunctionMdc.Scope scope = MessagingContext.open(message.getMessageProperties())) {
			return invocation.proceed();
		}
	}

}
