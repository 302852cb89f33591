/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.junction.devconsul.conformance.ConsulHttp.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Consul HTTP API as Junction relies on it (the dev agent's part of the README),
 * checked over HTTP. Subclasses say which agent to talk to: the dev agent, or a real
 * {@code hashicorp/consul} container, so the two cannot drift apart unnoticed. The agent
 * of {@link #baseUrl()} runs with {@code session_ttl_min = 1s} so session TTLs can be
 * seen running out in seconds; the ACL agent keeps Consul's default (10 s).
 *
 * <p>
 * Every test uses its own service names and KV prefix, so tests share one agent. Bounds
 * are generous (seconds) and polled, never slept.
 */
abstract class ConsulConformanceTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The management token of the ACL-enabled agent. */
	static final String ACL_TOKEN = "3f1b7c2e-9d4a-4e6b-8a5c-0b1d2e3f4a5b";

	static CheckTarget checkTarget;

	/** The agent without ACLs. */
	abstract String baseUrl();

	/**
	 * An agent with ACLs on, default policy deny, and {@link #ACL_TOKEN} as management
	 * token.
	 */
	abstract String aclBaseUrl();

	/** The host name under which the agent reaches {@link #checkTarget}. */
	String checkHost() {
		return "127.0.0.1";
	}

	@BeforeAll
	static void startCheckTarget() {
		checkTarget = CheckTarget.start();
	}

	@AfterAll
	static void stopCheckTarget() {
		checkTarget.close();
	}

	ConsulHttp consul() {
		return new ConsulHttp(baseUrl());
	}

	static ConditionFactory eventually() {
		return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100));
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	String checkUrl(String path) {
		return "http://" + checkHost() + ":" + checkTarget.port() + path;
	}

	void register(String json) {
		Reply reply = consul().put("/v1/agent/service/register", json);
		assertThat(reply.status()).as("register %s: %s", json, reply).isEqualTo(200);
	}

	void registerTtl(String id, String name, String status, String... tags) {
		register("""
				{"ID": "%s", "Name": "%s", "Tags": [%s], "Port": 8080,
				 "Check": {"TTL": "60s"%s}}""".formatted(id, name, quoted(tags),
				(status != null) ? ", \"Status\": \"" + status + "\"" : ""));
	}

	static String quoted(String... values) {
		List<String> quoted = new ArrayList<>();
		for (String value : values) {
			quoted.add('"' + value + '"');
		}
		return String.join(", ", quoted);
	}

	/** The IDs of the instances {@code health/service} returns for the query. */
	List<String> instanceIds(String pathAndQuery) {
		Reply reply = consul().get(pathAndQuery);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		reply.json().forEach((entry) -> ids.add(entry.get("Service").get("ID").stringValue()));
		return ids;
	}

	/** A check as {@code agent/checks} shows it, or {@code null}. */
	JsonNode agentCheck(String checkId) {
		return consul().get("/v1/agent/checks").json().get(checkId);
	}

	String checkStatus(String checkId) {
		JsonNode check = agentCheck(checkId);
		return (check != null) ? check.get("Status").stringValue() : null;
	}

	boolean serviceExists(String id) {
		return consul().get("/v1/agent/services").json().has(id);
	}

	// --- checks and their statuses ---

	@Test
	void aNewCheckStartsCriticalAndItsServiceIsNotPassingUntilTheCheckPasses() {
		String name = unique("critical-first");
		registerTtl(name + "-1", name, null);
		List<String> statuses = new ArrayList<>();
		consul().get("/v1/health/service/" + name).json().get(0).get("Checks").forEach((check) -> {
			if (check.get("ServiceID").stringValue().equals(name + "-1")) {
				statuses.add(check.get("Status").stringValue());
			}
		});
		assertThat(statuses).containsExactly("critical");
		assertThat(instanceIds("/v1/health/service/" + name + "?passing")).isEmpty();
		assertThat(consul().put("/v1/agent/check/pass/service:" + name + "-1").status()).isEqualTo(200);
		assertThat(instanceIds("/v1/health/service/" + name + "?passing")).containsExactly(name + "-1");
	}

	@Test
	void aStatusGivenAtRegistrationIsTheInitialStatus() {
		String name = unique("initial-status");
		registerTtl(name, name, "passing");
		assertThat(checkStatus("service:" + name)).isEqualTo("passing");
	}

	@Test
	void checkIdsAndNamesFollowConsulsNaming() {
		String name = unique("naming");
		register("""
				{"ID": "%1$s-a", "Name": "%1$s", "Check": {"TTL": "60s"}}""".formatted(name));
		register("""
				{"ID": "%1$s-b", "Name": "%1$s", "Checks": [{"TTL": "60s"}, {"TTL": "60s", "Name": "second"},
				 {"TTL": "60s", "CheckID": "%1$s-own"}]}""".formatted(name));
		assertThat(agentCheck("service:" + name + "-a").get("Name").stringValue())
			.isEqualTo("Service '" + name + "' check");
		assertThat(agentCheck("service:" + name + "-b:1")).isNotNull();
		assertThat(agentCheck("service:" + name + "-b:2").get("Name").stringValue()).isEqualTo("second");
		assertThat(agentCheck(name + "-own").get("ServiceID").stringValue()).isEqualTo(name + "-b");
	}

	@Test
	void anHttpCheckIsPassingOn2xxWarningOn429AndCriticalOtherwise() {
		String name = unique("http-check");
		String path = checkTarget.newPath();
		register("""
				{"ID": "%1$s", "Name": "%1$s", "Check": {"HTTP": "%2$s", "Interval": "1s", "Timeout": "2s"}}"""
			.formatted(name, checkUrl(path)));
		eventually().until(() -> "passing".equals(checkStatus("service:" + name)));
		assertThat(agentCheck("service:" + name).get("Output").stringValue())
			.startsWith("HTTP GET " + checkUrl(path) + ": 200 OK Output: ");
		checkTarget.answer(path, 429);
		eventually().until(() -> "warning".equals(checkStatus("service:" + name)));
		checkTarget.answer(path, 503);
		eventually().until(() -> "critical".equals(checkStatus("service:" + name)));
		assertThat(agentCheck("service:" + name).get("Output").stringValue()).contains("503");
	}

	@Test
	void anHttpCheckSendsItsMethodAndHeaders() {
		String name = unique("http-headers");
		String path = checkTarget.newPath();
		register("""
				{"ID": "%1$s", "Name": "%1$s", "Check": {"HTTP": "%2$s", "Interval": "1s", "Method": "POST",
				 "Header": {"X-Probe": ["conformance"]}}}""".formatted(name, checkUrl(path)));
		eventually().until(() -> checkTarget.lastRequest(path) != null);
		assertThat(checkTarget.lastRequest(path).method()).isEqualTo("POST");
		assertThat(checkTarget.lastRequest(path).header("X-Probe")).isEqualTo("conformance");
	}

	@Test
	void anHttpCheckThatCannotConnectIsCritical() {
		String name = unique("http-refused");
		register("""
				{"ID": "%1$s", "Name": "%1$s", "Check": {"HTTP": "http://%2$s:1/health", "Interval": "1s",
				 "Status": "passing"}}""".formatted(name, checkHost()));
		eventually().until(() -> "critical".equals(checkStatus("service:" + name)));
	}

	@Test
	void ttlUpdatesSetStatusAndOutput() {
		String name = unique("ttl-updates");
		registerTtl(name, name, null);
		assertThat(consul().put("/v1/agent/check/warn/service:" + name + "?note=slow%20disk").status()).isEqualTo(200);
		assertThat(checkStatus("service:" + name)).isEqualTo("warning");
		assertThat(agentCheck("service:" + name).get("Output").stringValue()).isEqualTo("slow disk");
		assertThat(consul().put("/v1/agent/check/fail/service:" + name).status()).isEqualTo(200);
		assertThat(checkStatus("service:" + name)).isEqualTo("critical");
		assertThat(consul().put("/v1/agent/check/pass/service:" + name).status()).isEqualTo(200);
		assertThat(checkStatus("service:" + name)).isEqualTo("passing");
	}

	@Test
	void aTtlUpdateForAnUnknownCheckIs404() {
		Reply reply = consul().put("/v1/agent/check/pass/service:no-such-check");
		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.body()).contains("Unknown check ID \"service:no-such-check\"");
	}

	@Test
	void anExpiredTtlTurnsTheCheckCritical() {
		String name = unique("ttl-expiry");
		register("""
				{"ID": "%1$s", "Name": "%1$s", "Check": {"TTL": "1s", "Status": "passing"}}""".formatted(name));
		eventually().until(() -> "critical".equals(checkStatus("service:" + name)));
		assertThat(agentCheck("service:" + name).get("Output").stringValue()).startsWith("TTL expired");
	}

	@Test
	void reRegisteringAServiceKeepsTheStateOfItsChecks() {
		String name = unique("upsert");
		registerTtl(name, name, null, "v1");
		consul().put("/v1/agent/check/pass/service:" + name + "?note=all-good");
		registerTtl(name, name, null, "v2");
		assertThat(checkStatus("service:" + name)).isEqualTo("passing");
		assertThat(agentCheck("service:" + name).get("Output").stringValue()).isEqualTo("all-good");
		JsonNode service = consul().get("/v1/health/service/" + name).json().get(0).get("Service");
		assertThat(service.get("Tags").get(0).stringValue()).isEqualTo("v2");
	}

	@Test
	void maintenanceModeAddsACriticalCheckUntilItIsDisabled() {
		String name = unique("maintenance");
		registerTtl(name, name, "passing");
		Reply enable = consul().put("/v1/agent/service/maintenance/" + name + "?enable=true&reason=deploying");
		assertThat(enable.status()).isEqualTo(200);
		JsonNode check = agentCheck("_service_maintenance:" + name);
		assertThat(check.get("Name").stringValue()).isEqualTo("Service Maintenance Mode");
		assertThat(check.get("Status").stringValue()).isEqualTo("critical");
		assertThat(check.get("Notes").stringValue()).isEqualTo("deploying");
		assertThat(instanceIds("/v1/health/service/" + name + "?passing")).isEmpty();
		assertThat(consul().put("/v1/agent/service/maintenance/" + name + "?enable=false").status()).isEqualTo(200);
		assertThat(agentCheck("_service_maintenance:" + name)).isNull();
		assertThat(instanceIds("/v1/health/service/" + name + "?passing")).containsExactly(name);
	}

	@Test
	void deregisteringRemovesTheServiceWithItsChecks() {
		String name = unique("deregister");
		registerTtl(name, name, "passing");
		assertThat(consul().put("/v1/agent/service/deregister/" + name).status()).isEqualTo(200);
		assertThat(serviceExists(name)).isFalse();
		assertThat(agentCheck("service:" + name)).isNull();
		assertThat(instanceIds("/v1/health/service/" + name)).isEmpty();
	}

	@Test
	void theReaperRaisesDeregisterCriticalServiceAfterToAtLeastAMinute() {
		String name = unique("reap-minimum");
		register("""
				{"ID": "%1$s", "Name": "%1$s", "Check": {"TTL": "60s", "DeregisterCriticalServiceAfter": "1s"}}"""
			.formatted(name));
		assertThat(checkStatus("service:" + name)).isEqualTo("critical");
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> serviceExists(name));
	}

	@Test
	void aCheckCanBeRegisteredAndDeregisteredOnItsOwn() {
		String name = unique("own-check");
		registerTtl(name, name, "passing");
		Reply added = consul().put("/v1/agent/check/register", """
				{"ID": "%1$s-extra", "Name": "extra", "ServiceID": "%1$s", "TTL": "60s"}""".formatted(name));
		assertThat(added.status()).as(added.toString()).isEqualTo(200);
		assertThat(agentCheck(name + "-extra").get("ServiceID").stringValue()).isEqualTo(name);
		assertThat(checkStatus(name + "-extra")).isEqualTo("critical");
		assertThat(instanceIds("/v1/health/service/" + name + "?passing")).isEmpty();
		assertThat(consul().put("/v1/agent/check/deregister/" + name + "-extra").status()).isEqualTo(200);
		assertThat(agentCheck(name + "-extra")).isNull();
		assertThat(instanceIds("/v1/health/service/" + name + "?passing")).containsExactly(name);
	}

	@Test
	void healthStateListsTheChecksInAState() {
		String name = unique("state");
		registerTtl(name, name, "warning");
		assertThat(checkIds("/v1/health/state/warning")).contains("service:" + name);
		assertThat(checkIds("/v1/health/state/passing")).doesNotContain("service:" + name);
		assertThat(checkIds("/v1/health/state/any")).contains("service:" + name);
		assertThat(consul().get("/v1/health/state/sideways").status()).isEqualTo(400);
	}

	private List<String> checkIds(String path) {
		List<String> ids = new ArrayList<>();
		consul().get(path).json().forEach((check) -> ids.add(check.get("CheckID").stringValue()));
		return ids;
	}

	// --- health filters ---

	@Test
	void passingDropsInstancesWithAnyCheckNotPassingAndPassingFalseDropsNothing() {
		String name = unique("passing");
		registerTtl(name + "-ok", name, "passing");
		registerTtl(name + "-warn", name, "warning");
		registerTtl(name + "-down", name, "critical");
		String path = "/v1/health/service/" + name;
		assertThat(instanceIds(path + "?passing")).containsExactly(name + "-ok");
		assertThat(instanceIds(path + "?passing=true")).containsExactly(name + "-ok");
		assertThat(instanceIds(path + "?passing=false")).hasSize(3);
		assertThat(instanceIds(path)).hasSize(3);
	}

	@Test
	void repeatedTagFiltersAreAnded() {
		String name = unique("tags");
		registerTtl(name + "-both", name, "passing", "blue", "canary");
		registerTtl(name + "-blue", name, "passing", "blue");
		registerTtl(name + "-canary", name, "passing", "canary");
		String path = "/v1/health/service/" + name;
		assertThat(instanceIds(path + "?tag=blue&tag=canary")).containsExactly(name + "-both");
		assertThat(instanceIds(path + "?tag=blue")).containsExactlyInAnyOrder(name + "-both", name + "-blue");
	}

	@Test
	void anUnknownServiceIsAnEmptyListWithAnIndex() {
		Reply reply = consul().get("/v1/health/service/" + unique("unknown"));
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().isArray()).isTrue();
		assertThat(reply.json().size()).isZero();
		assertThat(reply.index()).isPositive();
	}

	// --- catalog ---

	@Test
	void catalogServicesListsConsulAndTheUnionOfTags() {
		String name = unique("catalog");
		registerTtl(name + "-1", name, null, "a");
		registerTtl(name + "-2", name, null, "b");
		JsonNode services = consul().get("/v1/catalog/services").json();
		assertThat(services.get("consul").size()).isZero();
		List<String> tags = new ArrayList<>();
		services.get(name).forEach((tag) -> tags.add(tag.stringValue()));
		assertThat(tags).containsExactlyInAnyOrder("a", "b");
	}

	@Test
	void catalogAndAgentViewsDescribeTheInstance() {
		String name = unique("views");
		registerTtl(name, name, "passing", "t1");
		JsonNode instance = consul().get("/v1/catalog/service/" + name).json().get(0);
		assertThat(instance.get("ServiceID").stringValue()).isEqualTo(name);
		assertThat(instance.get("ServiceName").stringValue()).isEqualTo(name);
		assertThat(instance.get("ServicePort").intValue()).isEqualTo(8080);
		assertThat(consul().get("/v1/agent/services").json().get(name).get("Service").stringValue()).isEqualTo(name);
		assertThat(consul().get("/v1/catalog/nodes").json().size()).isPositive();
		JsonNode checks = consul().get("/v1/health/checks/" + name).json();
		assertThat(checks.get(0).get("CheckID").stringValue()).isEqualTo("service:" + name);
	}

	@Test
	void theStatusEndpointsNameALeader() {
		Reply leader = consul().get("/v1/status/leader");
		assertThat(leader.status()).isEqualTo(200);
		assertThat(leader.json().isString()).isTrue();
		assertThat(leader.json().stringValue()).endsWith(":8300");
		assertThat(consul().get("/v1/status/peers").json().isArray()).isTrue();
		assertThat(consul().get("/v1/agent/self").json().get("Config").get("Datacenter").stringValue())
			.isEqualTo("dc1");
	}

	// --- per-query indexes and blocking queries ---

	@Test
	void catalogServicesIndexIgnoresCheckUpdatesAndIdenticalReRegistrations() {
		String name = unique("index");
		String body = """
				{"ID": "%1$s", "Name": "%1$s", "Tags": ["x"], "Check": {"TTL": "60s"}}""".formatted(name);
		register(body);
		long catalogIndex = consul().get("/v1/catalog/services").index();
		long healthIndex = consul().get("/v1/health/service/" + name).index();
		consul().put("/v1/agent/check/pass/service:" + name);
		eventually().until(() -> consul().get("/v1/health/service/" + name).index() > healthIndex);
		register(body);
		assertThat(consul().get("/v1/catalog/services").index()).isEqualTo(catalogIndex);
		register(body.replace("[\"x\"]", "[\"y\"]"));
		eventually().until(() -> consul().get("/v1/catalog/services").index() > catalogIndex);
	}

	@Test
	void aBlockingHealthQueryReturnsSoonAfterAChange() throws Exception {
		String name = unique("blocking");
		registerTtl(name, name, null);
		long index = consul().get("/v1/health/service/" + name).index();
		CompletableFuture<Reply> blocked = consul()
			.getAsync("/v1/health/service/" + name + "?index=" + index + "&wait=30s");
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !blocked.isDone());
		long changed = System.nanoTime();
		consul().put("/v1/agent/check/pass/service:" + name);
		Reply reply = blocked.get(10, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(5));
		assertThat(reply.index()).isGreaterThan(index);
		assertThat(reply.body()).contains("passing");
	}

	@Test
	void aBlockingQueryAnswersWithTheSameIndexWhenItsWaitRunsOut() {
		String name = unique("timeout");
		registerTtl(name, name, null);
		long index = consul().get("/v1/health/service/" + name).index();
		long started = System.nanoTime();
		Reply reply = consul().get("/v1/health/service/" + name + "?index=" + index + "&wait=1s");
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.index()).isEqualTo(index);
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void anOutputOnlyCheckUpdateDoesNotWakeBlockingHealthQueries() {
		String name = unique("output-only");
		registerTtl(name, name, "passing");
		long index = consul().get("/v1/health/service/" + name).index();
		consul().put("/v1/agent/check/pass/service:" + name + "?note=still-fine");
		assertThat(agentCheck("service:" + name).get("Output").stringValue()).isEqualTo("still-fine");
		Reply reply = consul().get("/v1/health/service/" + name + "?index=" + index + "&wait=1s");
		assertThat(reply.index()).isEqualTo(index);
	}

	@Test
	void aBlockingKvQueryWakesOnAWriteUnderItsPrefixOnly() throws Exception {
		String prefix = unique("kv-block") + "/";
		consul().put("/v1/kv/" + prefix + "a", "1");
		long index = consul().get("/v1/kv/" + prefix + "?recurse").index();
		CompletableFuture<Reply> blocked = consul()
			.getAsync("/v1/kv/" + prefix + "?recurse&index=" + index + "&wait=30s");
		consul().put("/v1/kv/" + unique("elsewhere"), "x");
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !blocked.isDone());
		consul().put("/v1/kv/" + prefix + "b", "2");
		Reply reply = blocked.get(10, TimeUnit.SECONDS);
		assertThat(reply.index()).isGreaterThan(index);
		assertThat(reply.json().size()).isEqualTo(2);
	}

	@Test
	void badIndexOrWaitIsA400() {
		assertThat(consul().get("/v1/health/service/x?index=-1").status()).isEqualTo(400);
		assertThat(consul().get("/v1/health/service/x?index=abc").status()).isEqualTo(400);
		assertThat(consul().get("/v1/catalog/services?index=1&wait=5").status()).isEqualTo(400);
		assertThat(consul().get("/v1/kv/x?index=1&wait=soon").status()).isEqualTo(400);
	}

	// --- KV ---

	@Test
	void kvStoresValuesWithFlagsAndReadsThemBackRawOrAsBase64() {
		String key = unique("kv") + "/greeting";
		Reply put = consul().put("/v1/kv/" + key + "?flags=42", "hello");
		assertThat(put.status()).isEqualTo(200);
		assertThat(put.body().trim()).isEqualTo("true");
		JsonNode entry = consul().get("/v1/kv/" + key).json().get(0);
		assertThat(entry.get("Key").stringValue()).isEqualTo(key);
		assertThat(entry.get("Flags").longValue()).isEqualTo(42);
		assertThat(entry.get("Value").stringValue()).isEqualTo("aGVsbG8=");
		assertThat(entry.get("ModifyIndex").longValue()).isPositive();
		assertThat(consul().get("/v1/kv/" + key + "?raw").body()).isEqualTo("hello");
	}

	@Test
	void kvCasWritesOnlyWhenTheModifyIndexMatches() {
		String key = unique("kv-cas");
		assertThat(consul().put("/v1/kv/" + key + "?cas=0", "one").body().trim()).isEqualTo("true");
		assertThat(consul().put("/v1/kv/" + key + "?cas=0", "two").body().trim()).isEqualTo("false");
		long modifyIndex = consul().get("/v1/kv/" + key).json().get(0).get("ModifyIndex").longValue();
		assertThat(consul().put("/v1/kv/" + key + "?cas=" + (modifyIndex + 1000), "three").body().trim())
			.isEqualTo("false");
		assertThat(consul().put("/v1/kv/" + key + "?cas=" + modifyIndex, "four").body().trim()).isEqualTo("true");
		assertThat(consul().get("/v1/kv/" + key + "?raw").body()).isEqualTo("four");
	}

	@Test
	void aMissingKeyIs404AndStillCarriesAnIndex() {
		Reply reply = consul().get("/v1/kv/" + unique("missing"));
		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.index()).isPositive();
	}

	@Test
	void deletingKeysMovesThePrefixIndexThroughTombstones() {
		String prefix = unique("kv-tomb") + "/";
		consul().put("/v1/kv/" + prefix + "a", "1");
		consul().put("/v1/kv/" + prefix + "b", "2");
		long listed = consul().get("/v1/kv/" + prefix + "?recurse").index();
		assertThat(consul().delete("/v1/kv/" + prefix + "a").status()).isEqualTo(200);
		Reply afterOne = consul().get("/v1/kv/" + prefix + "?recurse");
		assertThat(afterOne.json().size()).isEqualTo(1);
		assertThat(afterOne.index()).isGreaterThan(listed);
		assertThat(consul().delete("/v1/kv/" + prefix + "?recurse").status()).isEqualTo(200);
		Reply afterAll = consul().get("/v1/kv/" + prefix + "?recurse");
		assertThat(afterAll.status()).isEqualTo(404);
		assertThat(afterAll.index()).isGreaterThan(afterOne.index());
	}

	@Test
	void kvKeysListsKeysAndFoldsThemAtTheSeparator() {
		String prefix = unique("kv-keys") + "/";
		consul().put("/v1/kv/" + prefix + "a", "1");
		consul().put("/v1/kv/" + prefix + "dir/x", "2");
		consul().put("/v1/kv/" + prefix + "dir/y", "3");
		assertThat(strings(consul().get("/v1/kv/" + prefix + "?keys").json())).containsExactly(prefix + "a",
				prefix + "dir/x", prefix + "dir/y");
		assertThat(strings(consul().get("/v1/kv/" + prefix + "?keys&separator=/").json())).containsExactly(prefix + "a",
				prefix + "dir/");
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.stringValue()));
		return values;
	}

	// --- sessions and KV locks (leader election) ---

	/**
	 * Create a session and return its ID.
	 * @param json the create body
	 */
	String createSession(String json) {
		Reply reply = consul().put("/v1/session/create", json);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
		return reply.json().get("ID").stringValue();
	}

	JsonNode kvEntry(String key) {
		Reply reply = consul().get("/v1/kv/" + key);
		return (reply.status() == 200) ? reply.json().get(0) : null;
	}

	String put(String path, String body) {
		return consul().put(path, body).body().trim();
	}

	@Test
	void aSessionIsCreatedReadRenewedAndDestroyed() {
		String name = unique("session");
		String id = createSession("""
				{"Name": "%s", "TTL": "15s", "LockDelay": "1s"}""".formatted(name));
		String nodeName = consul().get("/v1/agent/self").json().get("Config").get("NodeName").stringValue();
		Reply info = consul().get("/v1/session/info/" + id);
		assertThat(info.status()).isEqualTo(200);
		assertThat(info.index()).isPositive();
		JsonNode session = info.json().get(0);
		assertThat(session.get("ID").stringValue()).isEqualTo(id);
		assertThat(session.get("Name").stringValue()).isEqualTo(name);
		assertThat(session.get("Node").stringValue()).isEqualTo(nodeName);
		assertThat(session.get("TTL").stringValue()).isEqualTo("15s");
		assertThat(session.get("LockDelay").longValue()).isEqualTo(1_000_000_000L);
		assertThat(session.get("Behavior").stringValue()).isEqualTo("release");
		assertThat(strings(session.get("NodeChecks"))).containsExactly("serfHealth");
		assertThat(sessionIds("/v1/session/list")).contains(id);
		assertThat(sessionIds("/v1/session/node/" + nodeName)).contains(id);
		Reply renewed = consul().put("/v1/session/renew/" + id);
		assertThat(renewed.status()).isEqualTo(200);
		assertThat(renewed.json().get(0).get("ID").stringValue()).isEqualTo(id);
		Reply destroyed = consul().put("/v1/session/destroy/" + id);
		assertThat(destroyed.status()).isEqualTo(200);
		assertThat(destroyed.body().trim()).isEqualTo("true");
		Reply gone = consul().get("/v1/session/info/" + id);
		assertThat(gone.status()).isEqualTo(200);
		assertThat(gone.json().size()).isZero();
		assertThat(sessionIds("/v1/session/list")).doesNotContain(id);
		Reply renewGone = consul().put("/v1/session/renew/" + id);
		assertThat(renewGone.status()).isEqualTo(404);
		assertThat(renewGone.body()).isEqualTo("Session id '" + id + "' not found");
		assertThat(consul().put("/v1/session/destroy/" + UUID.randomUUID()).body().trim()).isEqualTo("true");
	}

	private List<String> sessionIds(String path) {
		List<String> ids = new ArrayList<>();
		consul().get(path).json().forEach((session) -> ids.add(session.get("ID").stringValue()));
		return ids;
	}

	@Test
	void aSessionWithAnInvalidBehaviorTtlOrCheckIsRefusedAndNotCreated() {
		String name = unique("bad-session");
		assertSessionRefused(consul(), """
				{"Name": "%s", "Behavior": "sideways"}""".formatted(name), "Invalid Behavior setting 'sideways'");
		assertSessionRefused(consul(), """
				{"Name": "%s", "TTL": "soon"}""".formatted(name),
				"Session TTL 'soon' invalid: time: invalid duration \"soon\"");
		assertSessionRefused(consul(), """
				{"Name": "%s", "TTL": "500ms"}""".formatted(name),
				"Invalid Session TTL '500000000', must be between [1s=24h0m0s]");
		assertSessionRefused(consul(), """
				{"Name": "%s", "NodeChecks": ["%s"]}""".formatted(name, name),
				"Missing check '" + name + "' registration");
		ConsulHttp management = new ConsulHttp(aclBaseUrl()).withToken(ACL_TOKEN);
		assertSessionRefused(management, """
				{"Name": "%s", "TTL": "5s"}""".formatted(name),
				"Invalid Session TTL '5000000000', must be between [10s=24h0m0s]");
		assertSessionRefused(management, """
				{"Name": "%s", "TTL": "25h"}""".formatted(name),
				"Invalid Session TTL '90000000000000', must be between [10s=24h0m0s]");
	}

	private void assertSessionRefused(ConsulHttp agent, String body, String answer) {
		Reply reply = agent.put("/v1/session/create", body);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(500);
		assertThat(reply.body()).isEqualTo(answer);
		JsonNode name = JSON.readTree(body).get("Name");
		agent.get("/v1/session/list").json().forEach((session) -> assertThat(session.get("Name")).isNotEqualTo(name));
	}

	@Test
	void aLockIsAcquiredByOneSessionAtATimeAndReleasedByItsHolder() {
		String key = unique("lock") + "/leader";
		String first = createSession("{\"LockDelay\": \"1s\"}");
		String second = createSession("{\"LockDelay\": \"1s\"}");
		assertThat(put("/v1/kv/" + key + "?acquire=" + first, "one")).isEqualTo("true");
		JsonNode held = kvEntry(key);
		assertThat(held.get("Session").stringValue()).isEqualTo(first);
		assertThat(held.get("LockIndex").longValue()).isEqualTo(1);
		assertThat(put("/v1/kv/" + key + "?acquire=" + second, "two")).isEqualTo("false");
		assertThat(consul().get("/v1/kv/" + key + "?raw").body()).isEqualTo("one");
		assertThat(put("/v1/kv/" + key + "?acquire=" + first, "again")).isEqualTo("true");
		assertThat(kvEntry(key).get("LockIndex").longValue()).isEqualTo(1);
		assertThat(consul().get("/v1/kv/" + key + "?raw").body()).isEqualTo("again");
		assertThat(put("/v1/kv/" + key + "?release=" + second, "x")).isEqualTo("false");
		long beforeRelease = kvEntry(key).get("ModifyIndex").longValue();
		assertThat(put("/v1/kv/" + key + "?release=" + first, "released")).isEqualTo("true");
		JsonNode released = kvEntry(key);
		assertThat(released.has("Session")).isFalse();
		assertThat(released.get("LockIndex").longValue()).isEqualTo(1);
		assertThat(released.get("ModifyIndex").longValue()).isGreaterThan(beforeRelease);
		assertThat(put("/v1/kv/" + key + "?acquire=" + second, "two")).as("no lock-delay after a release")
			.isEqualTo("true");
		assertThat(kvEntry(key).get("LockIndex").longValue()).isEqualTo(2);
		assertThat(put("/v1/kv/" + key, "plain")).isEqualTo("true");
		JsonNode overwritten = kvEntry(key);
		assertThat(overwritten.get("Session").stringValue()).as("a plain write keeps the holder").isEqualTo(second);
		assertThat(overwritten.get("LockIndex").longValue()).isZero();
	}

	@Test
	void acquiringWithAnUnknownSessionIs500AndCasCannotBeCombinedWithALock() {
		String key = unique("lock-unknown");
		String unknown = UUID.randomUUID().toString();
		Reply reply = consul().put("/v1/kv/" + key + "?acquire=" + unknown, "x");
		assertThat(reply.status()).isEqualTo(500);
		assertThat(reply.body()).isEqualTo("invalid session \"" + unknown + "\"");
		assertThat(consul().get("/v1/kv/" + key).status()).isEqualTo(404);
		assertThat(put("/v1/kv/" + key + "?release=" + unknown, "x")).isEqualTo("false");
		Reply conflicting = consul().put("/v1/kv/" + key + "?cas=0&acquire=" + unknown, "x");
		assertThat(conflicting.status()).isEqualTo(400);
		assertThat(conflicting.body()).isEqualTo("Conflicting flags: acquire=" + unknown + "&cas=0\n");
		assertThat(consul().get("/v1/kv/" + key).status()).isEqualTo(404);
	}

	@Test
	void aDestroyedSessionReleasesItsLockAndTheKeyWaitsOutTheLockDelay() {
		String key = unique("lock-delay") + "/leader";
		String holder = createSession("{\"LockDelay\": \"5s\"}");
		String next = createSession("{\"LockDelay\": \"1s\"}");
		assertThat(put("/v1/kv/" + key + "?acquire=" + holder, "leader-1")).isEqualTo("true");
		long held = kvEntry(key).get("ModifyIndex").longValue();
		consul().put("/v1/session/destroy/" + holder);
		JsonNode released = kvEntry(key);
		assertThat(released.has("Session")).isFalse();
		assertThat(released.get("ModifyIndex").longValue()).isGreaterThan(held);
		assertThat(put("/v1/kv/" + key + "?acquire=" + next, "leader-2")).as("inside the lock-delay")
			.isEqualTo("false");
		eventually().until(() -> put("/v1/kv/" + key + "?acquire=" + next, "leader-2").equals("true"));
		assertThat(kvEntry(key).get("Session").stringValue()).isEqualTo(next);
		assertThat(kvEntry(key).get("LockIndex").longValue()).isEqualTo(2);
	}

	@Test
	void aSessionWithTheDeleteBehaviorDeletesItsKeysWhenInvalidated() {
		String key = unique("lock-delete");
		String session = createSession("{\"Behavior\": \"delete\", \"LockDelay\": \"1s\"}");
		assertThat(put("/v1/kv/" + key + "?acquire=" + session, "v")).isEqualTo("true");
		consul().put("/v1/session/destroy/" + session);
		assertThat(consul().get("/v1/kv/" + key).status()).isEqualTo(404);
	}

	@Test
	void aBlockingQueryOnALockedKeyWakesWhenTheLockIsLost() throws Exception {
		String key = unique("lock-watch") + "/leader";
		String session = createSession("{\"LockDelay\": \"1s\"}");
		assertThat(put("/v1/kv/" + key + "?acquire=" + session, "me")).isEqualTo("true");
		long index = consul().get("/v1/kv/" + key).index();
		CompletableFuture<Reply> blocked = consul().getAsync("/v1/kv/" + key + "?index=" + index + "&wait=30s");
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !blocked.isDone());
		consul().put("/v1/session/destroy/" + session);
		Reply reply = blocked.get(10, TimeUnit.SECONDS);
		assertThat(reply.index()).isGreaterThan(index);
		assertThat(reply.json().get(0).has("Session")).isFalse();
	}

	@Test
	void aSessionNotRenewedWithinItsTtlIsInvalidatedAndReleasesItsLock() {
		String key = unique("lock-ttl") + "/leader";
		String renewed = createSession("{\"TTL\": \"1s\", \"LockDelay\": \"1s\"}");
		String forgotten = createSession("{\"TTL\": \"1s\", \"LockDelay\": \"1s\"}");
		assertThat(put("/v1/kv/" + key + "?acquire=" + forgotten, "me")).isEqualTo("true");
		long started = System.nanoTime();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
			assertThat(consul().put("/v1/session/renew/" + renewed).status()).isEqualTo(200);
			return consul().get("/v1/session/info/" + forgotten).json().isEmpty();
		});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the TTL is a lower bound")
			.isGreaterThanOrEqualTo(Duration.ofMillis(900));
		assertThat(kvEntry(key).has("Session")).isFalse();
		assertThat(consul().get("/v1/session/info/" + renewed).json().size()).isEqualTo(1);
	}

	@Test
	void aSessionIsInvalidatedWhenItsServiceCheckGoesCritical() {
		String name = unique("session-check");
		registerTtl(name, name, "passing");
		String key = unique("lock-check");
		String session = createSession("""
				{"LockDelay": "1s", "ServiceChecks": [{"ID": "service:%s"}]}""".formatted(name));
		assertThat(put("/v1/kv/" + key + "?acquire=" + session, "me")).isEqualTo("true");
		consul().put("/v1/agent/check/fail/service:" + name);
		eventually().until(() -> consul().get("/v1/session/info/" + session).json().isEmpty());
		assertThat(kvEntry(key).has("Session")).isFalse();
		assertSessionRefused(consul(), """
				{"Name": "%1$s", "ServiceChecks": [{"ID": "service:%1$s"}]}""".formatted(name),
				"Check 'service:" + name + "' is in critical state");
	}

	@Test
	void aBlockingSessionListWakesWhenASessionIsCreated() throws Exception {
		long index = consul().get("/v1/session/list").index();
		CompletableFuture<Reply> blocked = consul().getAsync("/v1/session/list?index=" + index + "&wait=30s");
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !blocked.isDone());
		String id = createSession("{\"LockDelay\": \"1s\"}");
		Reply reply = blocked.get(10, TimeUnit.SECONDS);
		assertThat(reply.index()).isGreaterThan(index);
		assertThat(reply.body()).contains(id);
	}

	// --- what clients send: raw paths, nulls, unknown fields ---

	@Test
	void rawPathsWithColonsTrailingSlashesCommasAndEscapesWork() {
		String name = unique("raw");
		registerTtl(name, name, null, "a,b");
		assertThat(consul().put("/v1/agent/check/pass/service:" + name).status()).isEqualTo(200);
		assertThat(instanceIds("/v1/health/service/" + name + "?passing&tag=a,b")).containsExactly(name);
		String folder = unique("raw-kv") + "/folder/";
		assertThat(consul().put("/v1/kv/" + folder, "").status()).isEqualTo(200);
		assertThat(consul().get("/v1/kv/" + folder).json().get(0).get("Key").stringValue()).isEqualTo(folder);
		consul().put("/v1/kv/" + folder + "with%20space", "x");
		consul().put("/v1/kv/" + folder + "decoded%2525once", "x");
		assertThat(strings(consul().get("/v1/kv/" + folder + "?keys").json())).contains(folder + "with space",
				folder + "decoded%25once");
	}

	@Test
	void explicitNullsAndUnknownFieldsInABodyAreIgnored() {
		String name = unique("nulls");
		register("""
				{"ID": "%1$s", "Name": "%1$s", "Tags": null, "Address": null, "Meta": {"version": "1"}, "Port": 8080,
				 "EnableTagOverride": null, "Kind": null, "SomethingNew": {"nested": true},
				 "Check": {"HTTP": null, "TTL": "60s", "Interval": null, "Timeout": null, "Header": null,
				   "Status": null, "DeregisterCriticalServiceAfter": null, "TLSSkipVerify": null}, "Checks": null}"""
			.formatted(name));
		assertThat(serviceExists(name)).isTrue();
		assertThat(agentCheck("service:" + name)).isNotNull();
	}

	// --- bad input answers like Consul and changes nothing ---

	@Test
	void malformedJsonIsA400AndRegistersNothing() {
		String name = unique("malformed");
		Reply reply = consul().put("/v1/agent/service/register", "{\"ID\": \"" + name + "\", \"Name\": ");
		assertThat(reply.status()).isEqualTo(400);
		assertThat(serviceExists(name)).isFalse();
	}

	@Test
	void anHttpCheckWithoutIntervalIsA400AndRegistersNothing() {
		String name = unique("no-interval");
		Reply reply = consul().put("/v1/agent/service/register", """
				{"ID": "%1$s", "Name": "%1$s", "Check": {"HTTP": "%2$s"}}""".formatted(name, checkUrl("/x")));
		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.body()).contains("Interval");
		assertThat(serviceExists(name)).isFalse();
	}

	/** A registration Consul refuses: its exact answer, and nothing registered. */
	void assertRefused(String name, String body, String answer) {
		Reply reply = consul().put("/v1/agent/service/register", body);
		assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
		assertThat(reply.body()).isEqualTo(answer);
		assertThat(serviceExists(name)).isFalse();
		assertThat(consul().get("/v1/catalog/services").json().has(name)).isFalse();
	}

	@Test
	void anyPortAndAVeryLongNameAreAcceptedAsConsulAcceptsThem() {
		String name = unique("ports");
		register("""
				{"ID": "%1$s-low", "Name": "%1$s", "Port": -1}""".formatted(name));
		register("""
				{"ID": "%1$s-high", "Name": "%1$s", "Port": 70000}""".formatted(name));
		assertThat(consul().get("/v1/agent/services").json().get(name + "-low").get("Port").intValue()).isEqualTo(-1);
		assertThat(consul().get("/v1/agent/services").json().get(name + "-high").get("Port").intValue())
			.isEqualTo(70000);
		String longName = unique("long") + "x".repeat(10_000);
		register("""
				{"Name": "%s"}""".formatted(longName));
		assertThat(serviceExists(longName)).isTrue();
	}

	@Test
	void moreThan64MetaPairsAreRefused() {
		String name = unique("meta-count");
		StringBuilder meta = new StringBuilder();
		for (int i = 0; i < 65; i++) {
			meta.append((i > 0) ? ", " : "").append("\"k").append(i).append("\": \"v\"");
		}
		assertRefused(name, """
				{"ID": "%1$s", "Name": "%1$s", "Meta": {%2$s}}""".formatted(name, meta),
				"Invalid Service Meta: Node metadata cannot contain more than 64 key/value pairs");
		register("""
				{"ID": "%1$s", "Name": "%1$s", "Meta": {%2$s}}""".formatted(name,
				meta.substring(0, meta.lastIndexOf(", "))));
		assertThat(consul().get("/v1/agent/services").json().get(name).get("Meta").size()).isEqualTo(64);
	}

	@Test
	void badMetaKeysAndValuesAreRefusedWithConsulsReason() {
		String name = unique("meta-pair");
		String body = """
				{"ID": "%1$s", "Name": "%1$s", "Meta": {"%2$s": "%3$s"}}""";
		String pair = "Invalid Service Meta: Couldn't load metadata pair ('%s', '%s'): %s";
		assertRefused(name, body.formatted(name, "", "v"), pair.formatted("", "v", "Key cannot be blank"));
		assertRefused(name, body.formatted(name, "a.b", "v"),
				pair.formatted("a.b", "v", "Key contains invalid characters"));
		String longKey = "k".repeat(129);
		assertRefused(name, body.formatted(name, longKey, "v"),
				pair.formatted(longKey, "v", "Key is too long (limit: 128 characters)"));
		assertRefused(name, body.formatted(name, "consul-x", "v"),
				pair.formatted("consul-x", "v", "Key prefix 'consul-' is reserved for internal use"));
		String longValue = "v".repeat(513);
		assertRefused(name, body.formatted(name, "k", longValue),
				pair.formatted("k", longValue, "Value is too long (limit: 512 characters)"));
		register(body.formatted(name, "k".repeat(128), "v".repeat(512)));
		assertThat(serviceExists(name)).isTrue();
	}

	@Test
	void badWeightsAndAnyAddressAreRefused() {
		String name = unique("weights");
		assertRefused(name, """
				{"ID": "%1$s", "Name": "%1$s", "Weights": {"Passing": 0, "Warning": 1}}""".formatted(name),
				"Invalid Weights: Passing must be greater than 0");
		assertRefused(name, """
				{"ID": "%1$s", "Name": "%1$s", "Weights": {"Passing": 1, "Warning": -1}}""".formatted(name),
				"Invalid Weights: Warning must be greater or equal than 0");
		assertRefused(name, """
				{"ID": "%1$s", "Name": "%1$s", "Weights": {"Passing": 70000, "Warning": 1}}""".formatted(name),
				"Invalid Weights: DNS Weight must be between 0 and 65535");
		assertRefused(name, """
				{"ID": "%1$s", "Name": "%1$s", "Address": "0.0.0.0"}""".formatted(name), "Invalid service address");
	}

	@Test
	void checksWithBadFieldsAreRefusedAndRegisterNothing() {
		String name = unique("bad-check");
		assertRefused(name, """
				{"ID": "%1$s", "Name": "%1$s", "Check": {"TTL": "10s", "FailuresBeforeCritical": 1,
				 "FailuresBeforeWarning": 2}}""".formatted(name),
				"Invalid check: FailuresBeforeWarning can't be higher than FailuresBeforeCritical");
		assertRefused(name, """
				{"ID": "%1$s", "Name": "%1$s", "Check": {"TTL": "10s", "Interval": "10s"}}""".formatted(name),
				"Invalid check: Interval and TTL cannot both be specified");
		assertRefused(name, """
				{"ID": "%1$s", "Name": "%1$s", "Check": {"TCP": "127.0.0.1:1"}}""".formatted(name),
				"Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks");
		assertRefused(name, """
				{"ID": "%1$s", "Name": "%1$s", "Checks": [{"TTL": "10s"}, {"Notes": "no kind"}]}""".formatted(name),
				"Invalid check: TTL must be > 0 for TTL checks");
		assertRefused(name, """
				{"ID": "%1$s", "Name": "%1$s", "Check": {"TTL": "10s", "Status": "green"}}""".formatted(name),
				"Status for checks must 'passing', 'warning', 'critical'");
		assertThat(agentCheck("service:" + name)).isNull();
	}

	@Test
	void aRefusedReRegistrationLeavesTheServiceAsItWas() {
		String name = unique("refused-update");
		register("""
				{"ID": "%1$s", "Name": "%1$s", "Tags": ["v1"], "Meta": {"version": "1"}}""".formatted(name));
		long index = consul().get("/v1/catalog/services").index();
		Reply reply = consul().put("/v1/agent/service/register", """
				{"ID": "%1$s", "Name": "%1$s", "Tags": ["v2"], "Meta": {"consul-version": "2"}}""".formatted(name));
		assertThat(reply.status()).isEqualTo(400);
		JsonNode service = consul().get("/v1/agent/services").json().get(name);
		assertThat(service.get("Tags").get(0).stringValue()).isEqualTo("v1");
		assertThat(service.get("Meta").get("version").stringValue()).isEqualTo("1");
		assertThat(consul().get("/v1/catalog/services").index()).isEqualTo(index);
	}

	@Test
	void unknownServicesAndChecksAre404() {
		assertThat(consul().put("/v1/agent/service/deregister/" + unique("nobody")).status()).isEqualTo(404);
		assertThat(consul().put("/v1/agent/service/maintenance/" + unique("nobody") + "?enable=true").status())
			.isEqualTo(404);
		assertThat(consul().put("/v1/agent/check/fail/" + unique("nothing")).status()).isEqualTo(404);
	}

	@Test
	void aWriteSentAsGetIs405() {
		assertThat(consul().get("/v1/agent/service/register").status()).isEqualTo(405);
		assertThat(consul().get("/v1/agent/check/pass/service:x").status()).isEqualTo(405);
	}

	@Test
	void anOversizedKvValueIs413AndIsNotStored() {
		String key = unique("too-big");
		Reply reply = consul().put("/v1/kv/" + key, "x".repeat(600 * 1024));
		assertThat(reply.status()).isEqualTo(413);
		assertThat(reply.body()).isEqualTo("Request body(614400 bytes) too large, max size: 524288 bytes. See "
				+ "https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.");
		assertThat(consul().get("/v1/kv/" + key).status()).isEqualTo(404);
		assertThat(consul().put("/v1/kv/" + key, "x".repeat(512 * 1024)).status()).isEqualTo(200);
		assertThat(consul().get("/v1/kv/" + key + "?raw").body()).hasSize(512 * 1024);
	}

	@Test
	void anUnknownEndpointIs404() {
		assertThat(consul().get("/v1/no/such/endpoint").status()).isEqualTo(404);
	}

	// --- ACL: default policy deny ---

	@Test
	void withAclsWritesWithoutTheTokenAreForbiddenAndChangeNothing() {
		ConsulHttp anonymous = new ConsulHttp(aclBaseUrl());
		ConsulHttp management = anonymous.withToken(ACL_TOKEN);
		String name = unique("acl-write");
		String body = """
				{"ID": "%1$s", "Name": "%1$s", "Check": {"TTL": "60s"}}""".formatted(name);
		Reply denied = anonymous.put("/v1/agent/service/register", body);
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.body()).contains("Permission denied");
		assertThat(management.get("/v1/agent/services").json().has(name)).isFalse();
		assertThat(anonymous.put("/v1/kv/" + name, "v").status()).isEqualTo(403);
		assertThat(management.get("/v1/kv/" + name).status()).isEqualTo(404);
		assertThat(management.put("/v1/agent/service/register", body).status()).isEqualTo(200);
		assertThat(anonymous.put("/v1/agent/check/pass/service:" + name).status()).isEqualTo(403);
		assertThat(anonymous.put("/v1/agent/service/deregister/" + name).status()).isEqualTo(403);
		assertThat(management.get("/v1/agent/services").json().has(name)).isTrue();
	}

	@Test
	void withAclsTheTokenIsAcceptedAsHeaderQueryParameterOrBearer() {
		ConsulHttp anonymous = new ConsulHttp(aclBaseUrl());
		String key = unique("acl-token");
		assertThat(anonymous.withToken(ACL_TOKEN).put("/v1/kv/" + key + "/header", "1").status()).isEqualTo(200);
		assertThat(anonymous.put("/v1/kv/" + key + "/query?token=" + ACL_TOKEN, "1").status()).isEqualTo(200);
		assertThat(anonymous.send("PUT", "/v1/kv/" + key + "/bearer", "1", "Authorization", "Bearer " + ACL_TOKEN)
			.status()).isEqualTo(200);
		assertThat(anonymous.withToken(ACL_TOKEN).get("/v1/kv/" + key + "/?keys").json().size()).isEqualTo(3);
	}

	@Test
	void withAclsReadsWithoutTheTokenShowNothingButStatusStaysOpen() {
		ConsulHttp anonymous = new ConsulHttp(aclBaseUrl());
		ConsulHttp management = anonymous.withToken(ACL_TOKEN);
		String name = unique("acl-read");
		management.put("/v1/agent/service/register", """
				{"ID": "%1$s", "Name": "%1$s", "Check": {"TTL": "60s", "Status": "passing"}}""".formatted(name));
		management.put("/v1/kv/" + name, "secret");
		assertThat(management.get("/v1/catalog/services").json().has(name)).isTrue();
		assertThat(anonymous.get("/v1/catalog/services").json().size()).isZero();
		assertThat(anonymous.get("/v1/health/service/" + name).json().size()).isZero();
		assertThat(anonymous.get("/v1/agent/services").json().size()).isZero();
		assertThat(anonymous.get("/v1/kv/" + name).status()).isEqualTo(403);
		assertThat(anonymous.get("/v1/status/leader").status()).isEqualTo(200);
	}

	@Test
	void withAclsSessionsAndLocksNeedTheToken() {
		ConsulHttp anonymous = new ConsulHttp(aclBaseUrl());
		ConsulHttp management = anonymous.withToken(ACL_TOKEN);
		Reply denied = anonymous.put("/v1/session/create", "{\"Behavior\": \"sideways\"}");
		assertThat(denied.status()).as("the token is checked before the body is validated").isEqualTo(403);
		assertThat(denied.body()).contains("Permission denied");
		Reply created = management.put("/v1/session/create", "{\"LockDelay\": \"1s\"}");
		assertThat(created.status()).isEqualTo(200);
		String id = created.json().get("ID").stringValue();
		String key = unique("acl-lock");
		assertThat(anonymous.put("/v1/kv/" + key + "?acquire=" + id, "x").status()).isEqualTo(403);
		assertThat(management.get("/v1/kv/" + key).status()).isEqualTo(404);
		assertThat(anonymous.get("/v1/session/list").json().size()).isZero();
		assertThat(management.get("/v1/session/info/" + id).json().size()).isEqualTo(1);
		assertThat(anonymous.put("/v1/session/destroy/" + id).status()).isEqualTo(403);
		assertThat(management.get("/v1/session/info/" + id).json().size()).isEqualTo(1);
	}

	@Test
	void withAclsAnUnknownTokenIsRejected() {
		Reply reply = new ConsulHttp(aclBaseUrl()).withToken(UUID.randomUUID().toString()).get("/v1/catalog/services");
		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.body()).contains("ACL not found");
	}

}
