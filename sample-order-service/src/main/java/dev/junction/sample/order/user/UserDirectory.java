/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.user;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * Asks user-service whether a user exists, through the starter's load-balanced
 * {@code RestClient.Builder}: Consul-fresh instance lists, connect and read timeouts,
 * retry of this idempotent GET on another instance, and a circuit breaker per service.
 * Whatever still goes wrong becomes the {@link UserServiceUnavailableException} fallback.
 * <p>
 * Public because the {@code order} feature checks users through it.
 */
@Component
public class UserDirectory {

	private static final Log logger = LogFactory.getLog(UserDirectory.class);

	private final RestClient client;

	private final UserServiceProperties properties;

	UserDirectory(@LoadBalanced RestClient.Builder loadBalanced, UserServiceProperties properties) {
		this.client = loadBalanced.baseUrl(properties.baseUrl()).build();
		this.properties = properties;
	}

	/**
	 * Returns normally when the user exists.
	 * @param userId the user
	 * @throws org.springframework.web.ErrorResponseException {@code 422} for an unknown
	 * user, {@code 503} when user-service cannot tell
	 */
	public void requireExisting(long userId) {
		try {
			this.client.get().uri("/api/users/{id}", userId).retrieve().toBodilessEntity();
		}
		catch (HttpClientErrorException.NotFound ex) {
			throw new UnknownUserException(userId);
		}
		catch (RuntimeException ex) {
			// no instance, I/O error or timeout, 5xx,
			// open circuit: all mean "cannot tell now"
			logger.warn("Could not check user " + userId + " with " + this.properties.baseUrl() + ": " + ex);
			throw new UserServiceUnavailableException(this.properties.retryAfter(), ex);
		}
	}

}
