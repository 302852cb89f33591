/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import java.net.URI;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/users}: read, create and update users. Bodies are JSON only, so a request
 * with another content type is a {@code 415}, not a guess.
 */
@RestController
@RequestMapping("/api/users")
class UserController {

	private final UserService users;

	private final UserViews views;

	UserController(UserService users, UserViews views) {
		this.users = users;
		this.views = views;
	}

	@GetMapping("/{id}")
	UserResponse get(@PathVariable long id) {
		return this.views.of(this.users.find(id));
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<UserResponse> create(@Valid @RequestBody UserRequest request) {
		User user = this.users.create(request);
		return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(this.views.of(user));
	}

	@PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	UserResponse update(@PathVariable long id, @Valid @RequestBody UserRequest request) {
		return this.views.of(this.users.update(id, request));
	}

}
