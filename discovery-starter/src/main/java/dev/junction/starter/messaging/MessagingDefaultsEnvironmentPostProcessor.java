/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

import dev.junction.starter.JunctionDefaults;

/**
 * Gives Boot's own RabbitMQ properties Junction's defaults, so Boot's auto-configuration
 * does the work; a key the application sets is never touched (the source is added last,
 * after all config data, and holds only keys nobody else set):
 * <ul>
 * <li>{@code spring.rabbitmq.publisher-confirm-type=correlated} and
 * {@code publisher-returns=true}: what {@link JunctionPublisher} needs to know that the
 * broker took a message and that some queue received it;</li>
 * <li>{@code spring.rabbitmq.listener.type=direct}: the listener runs on the thread that
 * received the message, with no hand-over to a container thread, and handled messages are
 * acknowledged in batches ({@link ListenerAcknowledgements}); an application that
 * configures the {@code simple} container ({@code spring.rabbitmq.listener.simple.*})
 * keeps it;</li>
 * <li>for the {@code simple} and {@code direct} listener containers, stateless retries
 * with exponential backoff (1 s, 2 s, 4 s: three retries, then the
 * {@code MessageRecoverer} dead-letters the message with its exception), rejected
 * messages not requeued (a requeued poison message would loop forever), and a prefetch of
 * 20 instead of 250, so a slow or retrying consumer does not sit on messages another
 * instance could handle.</li>
 * </ul>
 * A message is acknowledged only after the listener (and the database transaction it ran)
 * returned, so a consumer that dies while handling a message gets it redelivered, never
 * lost.
 * <p>
 * Defaults are properties rather than code so that they show up in {@code /actuator/env},
 * are documented by Boot, and are changed the way every Spring developer knows. Nothing
 * is added when Spring AMQP is absent or {@code junction.messaging.enabled=false}.
 */
public class MessagingDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "junctionMessagingDefaults";

	private static final String LISTENER_TYPE = "spring.rabbitmq.listener.type";

	private static final String SIMPLE_CONTAINER = "spring.rabbitmq.listener.simple";

	private static final String RABBIT_TEMPLATE = "org.springframework.amqp.rabbit.core.RabbitTemplate";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!ClassUtils.isPresent(RABBIT_TEMPLATE, getClass().getClassLoader())
				|| !JunctionDefaults.enabled(environment, "messaging")) {
			return;
		}
		Map<String, Object> defaults = defaults();
		if (configuresSimpleContainer(environment)) {
			defaults.remove(LISTENER_TYPE);
		}
		JunctionDefaults.addLast(environment, PROPERTY_SOURCE_NAME, defaults);
	}

	@Override
	public int getOrder() {
		// after config data, so that the switch and the user's values are seen
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Whether the application set a property of the simple container (before Junction's
	 * defaults are added): it chose that container, so Junction does not switch it.
	 */
	private static boolean configuresSimpleContainer(ConfigurableEnvironment environment) {
		return Binder.get(environment)
			.bind(SIMPLE_CONTAINER, Bindable.mapOf(String.class, Object.class))
			.map((properties) -> !properties.isEmpty())
			.orElse(false);
	}

	static Map<String, Object> defaults() {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put(LISTENER_TYPE, "direct");
		defaults.put("spring.rabbitmq.publisher-confirm-type", "correlated");
		defaults.put("spring.rabbitmq.publisher-returns", "true");
		for (String container : new String[] { "simple", "direct" }) {
			String prefix = "spring.rabbitmq.listener." + container + ".";
			defaults.put(prefix + "default-requeue-rejected", "false");
			defaults.put(prefix + "prefetch", "20");
			defaults.put(prefix + "retry.enabled", "true");
			defaults.put(prefix + "retry.max-retries", "3");
			defaults.put(prefix + "retry.initial-interval", "1s");
			defaults.put(prefix + "retry.multiplier", "2");
			defaults.put(prefix + "retry.max-interval", "10s");
		}
		return defaults;
	}

}
