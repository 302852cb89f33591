/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

/**
 * A registered service instance with its raft indexes.
 *
 * @param definition what was registered
 * @param createIndex the index at which it first appeared
 * @param modifyIndex the index at which it last changed
 */
record ServiceEntry(ServiceDefinition definition, long createIndex, long modifyIndex) {

	String id() {
		return this.definition.id();
	}

	String name() {
		return this.definition.name();
	}

}
