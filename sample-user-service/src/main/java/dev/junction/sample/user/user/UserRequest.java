/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/users} and {@code PUT /api/users/{id}}; the limits match the
 * columns so a valid request never fails in the database.
 *
 * @param name the display name
 * @param email the email address, unique among users
 */
record UserRequest(@NotBlank @Size(max = 100) String name, @NotBlank @Email @Size(max = 254) String email) {

}
