/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Drops this instance's in-process copy of a user whenever any instance announces a
 * change. Redis pub/sub rather than a RabbitMQ fanout: the announcement goes where the
 * second cache level lives, and an instance that cannot reach Redis has no shared entry
 * to worry about either.
 */
@Component
class CacheInvalidationListener implements MessageListener {

	private static final Log logger = LogFactory.getLog(CacheInvalidationListener.class);

	private final UserCache cache;

	CacheInvalidationListener(UserCache cache, RedisMessageListenerContainer container,
			UserCacheProperties properties) {
		this.cache = cache;
		container.addMessageListener(this, new ChannelTopic(properties.invalidationChannel()));
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		String body = new String(message.getBody(), StandardCharsets.UTF_8);
		try {
			this.cache.evictLocal(Long.parseLong(body));
		}
		catch (NumberFormatException ex) {
			logger.warn("Ignoring cache invalidation with a malformed user id: " + body);
		}
	}

}
