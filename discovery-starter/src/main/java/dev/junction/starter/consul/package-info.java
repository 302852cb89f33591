/*
 * Copyright 2026 the Junction authors.
 */

/**
 * Junction's own Consul blocking queries, in one place: {@link ConsulBlockingQuery} (one
 * chain of {@code ?index=&wait=} queries with Consul's index rules, the early-answer
 * guard, the error backoff and cancellation) and {@link ConsulBlockingQueries} (the one
 * HTTP client, scheduler, address and token they share, a bean of
 * {@link ConsulBlockingQueriesAutoConfiguration}). The starter's instance lists
 * ({@code discovery.ServiceWatch}) and the gateway starter's live policies
 * ({@code KvPrefixWatch}) are listeners on it; a new watch of Consul should be one too
 * rather than a loop of its own.
 * <p>
 * What keeps traffic flowing through a Consul outage lives here too: since when Consul is
 * unreachable ({@link ConsulBlockingQueries#unreachableSince()}, shown by
 * {@link ConsulReachabilityHealthIndicator}), the grace period that keeps an agent
 * restarted empty from emptying what a watch holds ({@link EmptyAnswerGrace}) and the
 * on-disk snapshot read when Consul cannot be reached at start ({@link SnapshotStore}).
 * <p>
 * Internal to Junction: public so that the gateway starter can use it, not an API for
 * applications.
 */
package dev.junction.starter.consul;
