/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read that loaded a user just before an update committed must not put the old row back
 * into either cache level after the update's invalidation (real Redis): the next read
 * loads the new row, on this instance and on another one.
 */
class UserCacheRaceTests {

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	private LettuceConnectionFactory connections;

	private StringRedisTemplate template;

	@BeforeEach
	void connect() {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(redis.server().host(),
				redis.server().port());
		this.connections = new LettuceConnectionFactory(server);
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.template = new StringRedisTemplate(this.connections);
	}

	@AfterEach
	void disconnect() {
		this.connections.destroy();
	}

	@Test
	void aLoadThatRacedAnInvalidationIsCachedOnNeitherLevel() throws Exception {
		UserCache instance = newCache();
		User before = new User(1, "Ada", "ada@example.org", 0);
		User after = new User(1, "Ada", "ada@example.org", 1);
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch updated = new CountDownLatch(1);
		// the read loads the old row, then the update
		// commits and invalidates, then the read finishes
		CompletableFuture<Optional<User>> read = CompletableFuture.supplyAsync(() -> instance.get(1, (id) -> {
			loading.countDown();
			await(updated);
			return Optional.of(before);
		}));
		assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
		instance.invalidate(1);
		updated.countDown();
		assertThat(read.get(10, TimeUnit.SECONDS)).contains(before);

		AtomicInteger loads = new AtomicInteger();
		assertThat(instance.get(1, (id) -> {
			loads.incrementAndGet();
			return Optional.of(after);
		})).as("the next read on the same instance").contains(after);
		assertThat(loads).as("database loads: the old row was not cached in process").hasValue(1);
		assertThat(newCache().get(1, (id) -> Optional.of(after))).as("a read on another instance").contains(after);
	}

	@Test
	void aLoadWithoutARaceIsSharedWithOtherInstances() {
		newCache().get(2, (id) -> Optional.of(new User(2, "Grace", "grace@example.org", 3)));
		AtomicInteger loads = new AtomicInteger();
		Optional<User> seen = newCache().get(2, (id) -> {
			loads.incrementAndGet();
			return Optional.empty();
		});
		assertThat(seen).map(User::orderCount).contains(3L);
		assertThat(loads).as("database loads on the second instance").hasValue(0);
	}

	private UserCache newCache() {
		UserCacheProperties properties = new UserCacheProperties(redis.keyPrefix(), Duration.ofSeconds(60), 100,
				Duration.ofMinutes(10), Duration.ofSeconds(10));
		return new UserCache(this.template, JsonMapper.builder().build(), properties);
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the update did not come");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
