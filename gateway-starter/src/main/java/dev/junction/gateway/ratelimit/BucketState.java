/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

/**
 * The outcome of taking a token from a bucket.
 *
 * @param allowed whether the request may pass
 * @param remaining whole tokens left
 * @param millisUntilFull time until the bucket is full again
 * @param millisUntilAllowed time until a refused request could pass (0 when allowed)
 */
record BucketState(boolean allowed, long remaining, long millisUntilFull, long millisUntilAllowed) {

}
