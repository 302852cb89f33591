/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.aopalliance.aop.Advice;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.AbstractRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.config.DirectRabbitListenerContainerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ReflectionUtils;

/**
 * Lets every direct listener container factory whose acknowledge mode nobody chose
 * acknowledge handled messages in batches: the factory's containers acknowledge manually,
 * and {@link ListenerAcknowledgements}' advice, first in their advice chain, sends the
 * acknowledgements. A factory with an acknowledge mode of its own (set in code or by
 * {@code spring.rabbitmq.listener.direct.acknowledge-mode}) is left alone, as are simple
 * container factories, and every factory when {@code messages-per-ack} is 1.
 */
final class BatchedAcknowledgementsBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private static final Field ACKNOWLEDGE_MODE = field("acknowledgeMode");

	private static final Field DEFAULT_REQUEUE_REJECTED = field("defaultRequeueRejected");

	private BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof DirectRabbitListenerContainerFactory factory && read(ACKNOWLEDGE_MODE, factory) == null) {
			ListenerAcknowledgements acknowledgements = this.beanFactory.getBean(ListenerAcknowledgements.class);
			if (acknowledgements.messagesPerAck() > 1) {
				Object requeue = read(DEFAULT_REQUEUE_REJECTED, factory);
				factory.setAcknowledgeMode(AcknowledgeMode.MANUAL);
				List<Advice> chain = new ArrayList<>();
				chain.add(acknowledgements.advice(!Boolean.FALSE.equals(requeue)));
				if (factory.getAdviceChain() != null) {
					chain.addAll(Arrays.asList(factory.getAdviceChain()));
				}
				factory.setAdviceChain(chain.toArray(Advice[]::new));
			}
		}
		return bean;
	}

	private static Field field(String name) {
		Field field = ReflectionUtils.findField(AbstractRabbitListenerContainerFactory.class, name);
		if (field == null) {
			throw new IllegalStateException("Spring AMQP's AbstractRabbitListenerContainerFactory has no field '" + name
					+ "': this Spring AMQP is not one Junction supports; import Junction's BOM for the versions it pins");
		}
		ReflectionUtils.makeAccessible(field);
		return field;
	}

	private static Object read(Field field, Object target) {
		return ReflectionUtils.getField(field, target);
	}

}
