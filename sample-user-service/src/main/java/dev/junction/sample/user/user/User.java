/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

/**
 * A user as stored, and as cached: the same for {@code v1} and {@code v2}, which differ
 * only in how they present it ({@link UserViews}), so both versions share one cache.
 *
 * @param id the database id
 * @param name the display name
 * @param email the unique email address
 * @param orderCount how many {@code OrderPlaced} events were counted for this user
 */
record User(long id, String name, String email, long orderCount) {

}
