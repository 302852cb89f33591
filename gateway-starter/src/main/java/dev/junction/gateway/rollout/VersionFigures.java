/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

/**
 * What the whole edge saw of one version of a service in one analysis interval.
 *
 * @param requests the requests meant for the version (for the canary: also those that
 * went to stable because no canary instance could take them)
 * @param errors the failed ones among them: 5xx answers, gateway failures, and for the
 * canary every request that fell back to stable
 * @param p95Millis the 95th percentile of their latency in milliseconds, {@code -1} when
 * there were none
 */
public record VersionFigures(long requests, long errors, double p95Millis) {

	/** No request. */
	public static final VersionFigures NONE = new VersionFigures(0, 0, -1);

	/**
	 * The share of failed requests.
	 * @return from 0 to 1, 0 without requests
	 */
	public double errorRate() {
		return (this.requests > 0) ? (double) this.errors / this.requests : 0;
	}

}
