/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.util.concurrent.DefaultEventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the conformance suite cannot reach over HTTP: node checks other than
 * {@code serfHealth} (the agent registers none of its own), and the lock-delay cap.
 */
class SessionStoreTests {

	private final DefaultEventExecutor timer = new DefaultEventExecutor();

	private final AtomicLong raftIndex = new AtomicLong(100);

	private final KvStore kv = new KvStore(this.raftIndex, new BlockingQueries());

	private final SessionStore sessions = new SessionStore(this.kv, this.raftIndex, new BlockingQueries(), this.timer);

	private final Map<String, HealthStatus> nodeChecks = new HashMap<>();

	private final SessionStore.CheckView view = this.nodeChecks::get;

	@AfterEach
	void stop() {
		this.timer.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
	}

	private Session create(String json) {
		return this.sessions.create(
				SessionReader.read(json.getBytes(StandardCharsets.UTF_8), "node-a", Duration.ofSeconds(10)), "node-a",
				this.view);
	}

	@Test
	void aSessionIsInvalidatedWhenANodeCheckGoesCriticalOrAway() {
		this.nodeChecks.put("disk", HealthStatus.PASSING);
		this.nodeChecks.put("memory", HealthStatus.WARNING);
		Session disk = create("{\"NodeChecks\": [\"disk\"], \"LockDelay\": \"0s\"}");
		Session memory = create("{\"NodeChecks\": [\"memory\"], \"LockDelay\": \"0s\"}");
		assertThat(this.sessions.acquire("leader", null, 0, disk.id())).isTrue();
		this.sessions.checksChanged(this.view);
		assertThat(this.sessions.get(disk.id())).isNotNull();
		assertThat(this.sessions.get(memory.id())).as("warning does not invalidate").isNotNull();
		this.nodeChecks.put("disk", HealthStatus.CRITICAL);
		this.nodeChecks.remove("memory");
		this.sessions.checksChanged(this.view);
		assertThat(this.sessions.get(disk.id())).isNull();
		assertThat(this.sessions.get(memory.id())).isNull();
		assertThat(this.kv.get("leader").entries().get(0).session()).isNull();
	}

	@Test
	void aSessionCannotBeCreatedOnAnotherNodeOrWithACriticalCheck() {
		this.nodeChecks.put("disk", HealthStatus.CRITICAL);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> create("{\"Node\": \"elsewhere\"}"))
			.withMessage("Missing node registration");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> create("{\"NodeChecks\": [\"disk\"]}"))
			.withMessage("Check 'disk' is in critical state");
		assertThat(this.sessions.list()).isEmpty();
	}

	@Test
	void aLockDelayOverSixtySecondsIsCappedAtSixty() {
		this.nodeChecks.put("serfHealth", HealthStatus.PASSING);
		Session holder = create("{\"LockDelay\": \"10m\"}");
		Session next = create("{}");
		assertThat(this.sessions.acquire("leader", null, 0, holder.id())).isTrue();
		this.sessions.destroy(holder.id());
		assertThat(this.sessions.acquire("leader", null, 0, next.id())).isFalse();
		assertThat(this.sessions.lockDelayLeft("leader")).isPositive().isLessThanOrEqualTo(Session.MAX_LOCK_DELAY);
	}

}
