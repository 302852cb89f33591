/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What can happen to a user: reads go through the {@link UserCache}, and every change
 * invalidates it on every instance once the change is committed (invalidating earlier
 * would let a concurrent read put the old row back).
 * <p>
 * Public because the {@code order} feature records orders through it.
 */
@Service
public class UserService {

	private final UserRepository repository;

	private final UserCache cache;

	UserService(UserRepository repository, UserCache cache) {
		this.repository = repository;
		this.cache = cache;
	}

	User find(long id) {
		return this.cache.get(id, this.repository::find).orElseThrow(() -> new UserNotFoundException(id));
	}

	User create(UserRequest request) {
		return this.repository.insert(request.name(), request.email());
	}

	User update(long id, UserRequest request) {
		User updated = this.repository.update(id, request.name(), request.email())
			.orElseThrow(() -> new UserNotFoundException(id));
		afterCommit(id);
		return updated;
	}

	/**
	 * Counts one more order for the user, in the caller's transaction if there is one.
	 * @param userId the user
	 * @return whether the user exists
	 */
	public boolean recordOrder(long userId) {
		boolean found = this.repository.incrementOrderCount(userId);
		if (found) {
			afterCommit(userId);
		}
		return found;
	}

	private void afterCommit(long id) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.cache.invalidate(id);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				UserService.this.cache.invalidate(id);
			}

		});
	}

}
