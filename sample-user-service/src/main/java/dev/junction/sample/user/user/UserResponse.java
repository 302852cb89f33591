/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A user as the API shows it.
 *
 * @param id the id
 * @param name the display name
 * @param email the email address
 * @param orderCount orders counted from {@code OrderPlaced} events
 * @param greeting only in {@code v2}: the visible difference a canary shows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UserResponse(long id, String name, String email, long orderCount, String greeting) {

}
