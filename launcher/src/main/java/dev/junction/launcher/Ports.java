/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

/**
 * The platform's local ports (the defaults of docker compose and the apps'
 * {@code application.yml}), all shifted by one offset.
 *
 * @param offset added to every default
 */
record Ports(int offset) {

	static final int HIGHEST_DEFAULT_PORT = 9083;

	int consul() {
		return 8500 + this.offset;
	}

	int gateway() {
		return 8080 + this.offset;
	}

	int gatewayManagement() {
		return 9080 + this.offset;
	}

	int userV1() {
		return 8081 + this.offset;
	}

	int userV1Management() {
		return 9081 + this.offset;
	}

	int userV2() {
		return 8082 + this.offset;
	}

	int userV2Management() {
		return 9082 + this.offset;
	}

	int order() {
		return 8083 + this.offset;
	}

	int orderManagement() {
		return 9083 + this.offset;
	}

}
