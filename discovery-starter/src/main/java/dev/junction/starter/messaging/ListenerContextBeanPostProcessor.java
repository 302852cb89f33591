/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.aopalliance.aop.Advice;

import org.springframework.amqp.rabbit.config.BaseRabbitListenerContainerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts a {@link ListenerContextAdvice} in front of the advice chain of every listener
 * container factory, Boot's and the application's own.
 * <p>
 * Boot builds the factory's advice chain (its listener retry interceptor) from
 * {@code spring.rabbitmq.listener.*.retry.*} and offers no hook to add to it; replacing
 * the chain would throw away Boot's retry, and Boot applies a {@code ContainerCustomizer}
 * only when it is the only one. Adding to the chain after the factory is built keeps
 * whatever is there and runs the advice outermost, so retries and the dead-lettering log
 * with the message's context.
 */
final class ListenerContextBeanPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof BaseRabbitListenerContainerFactory<?> factory) {
			Advice[] existing = factory.getAdviceChain();
			List<Advice> chain = new ArrayList<>();
			chain.add(new ListenerContextAdvice());
			if (existing != null) {
				Arrays.stream(existing)
					.filter((advice) -> !(advice instanceof ListenerContextAdvice))
					.forEach(chain::add);
			}
			factory.setAdviceChain(chain.toArray(Advice[]::new));
		}
		return bean;
	}

}
