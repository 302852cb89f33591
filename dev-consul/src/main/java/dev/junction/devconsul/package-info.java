/*
 * Copyright 2026 the Junction authors.
 */

/**
 * An in-JVM, Consul-HTTP-API-compatible development agent, like
 * {@code consul agent -dev}: one node, in memory, loopback by default, never for
 * production.
 *
 * <p>
 * Entry points: {@link dev.junction.devconsul.DevConsulAgent} (embed),
 * {@link dev.junction.devconsul.DevConsulMain} (run standalone) and
 * {@link dev.junction.devconsul.junit.DevConsulExtension} (tests).
 *
 * <p>
 * It answers what Junction and spring-cloud-consul use: agent service
 * register/deregister/maintenance, check pass/warn/fail/update/register/deregister,
 * {@code agent/services}, {@code agent/checks}, {@code agent/self},
 * {@code health/service}, {@code health/checks}, {@code health/state},
 * {@code health/node}, {@code catalog/services}, {@code catalog/service},
 * {@code catalog/nodes}, {@code catalog/node}, {@code catalog/datacenters},
 * {@code status/leader}, {@code status/peers}, {@code kv} (with {@code ?acquire} and
 * {@code ?release} locks) and {@code session/*}, with blocking queries and per-query
 * {@code X-Consul-Index}. HTTP, TCP and TTL checks run; other check kinds, {@code filter}
 * expressions, Connect and other datacenters are refused with an error rather than
 * accepted and ignored. Input is validated as Consul validates it, with Consul's status
 * and text, and a refused request changes nothing.
 *
 * <p>
 * Layout: {@code AgentServer}/{@code RequestHandler}/{@code Router} (HTTP),
 * {@code *Endpoints} (one class per API area), {@code Registry}/{@code CatalogState}/
 * {@code CheckBook}/{@code Reaper} (services and checks), {@code CheckRunners} with
 * {@code HttpCheck}/{@code TcpCheck}/{@code TtlCheck} (running checks),
 * {@code ServiceDefinitionReader}/{@code ServiceValidation}/{@code CheckDefinitionReader}
 * (registration bodies and their validation), {@code KvStore} (KV and the locks on keys),
 * {@code SessionStore}/{@code Session}/{@code SessionReader} (sessions: TTL timers,
 * lock-delay, invalidation), {@code BlockingQueries}/{@code Waiter} (blocking queries),
 * {@code Acl}, {@code JsonViews}/{@code Json} (JSON in and out).
 */
package dev.junction.devconsul;
