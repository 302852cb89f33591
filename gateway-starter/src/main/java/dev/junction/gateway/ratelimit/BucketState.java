/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

/**
 * The outcome of taking tokens from a bucket.
 *
 * @param granted tokens granted: 1 for a request that may pass, up to a lease's size for
 * a replica taking a batch, 0 when refused
 * @param remaining whole tokens left
 * @param millisUntilFull time until the bucket is full again
 * @param millisUntilAllowed time until a refused request could pass (0 when allowed)
 */
record BucketState(long granted, long remaining, long millisUntilFull, long millisUntilAllowed) {

	/** Whether the request may pass. */
	boolean allowed() {
		return this.granted > 0;
	}

}
