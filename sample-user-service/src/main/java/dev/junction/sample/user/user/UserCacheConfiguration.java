/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The Redis subscription the cache invalidations arrive on (Boot configures the
 * connection, not a listener container), started so that Redis is not needed at start-up.
 */
@Configuration(proxyBeanMethods = false)
class UserCacheConfiguration {

	@Bean
	RedisMessageListenerContainer userCacheInvalidationContainer(RedisConnectionFactory connectionFactory) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		// started by the subscription below, so that
		// a missing Redis does not fail start-up
		container.setAutoStartup(false);
		return container;
	}

	@Bean
	CacheInvalidationSubscription userCacheInvalidationSubscription(RedisMessageListenerContainer container,
			UserCacheProperties properties) {
		return new CacheInvalidationSubscription(container, properties);
	}

}
