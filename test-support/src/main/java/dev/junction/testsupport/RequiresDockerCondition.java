/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Condition behind {@link RequiresDocker}.
 */
final class RequiresDockerCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (Docker.isAvailable()) {
			return ConditionEvaluationResult.enabled("Docker is available");
		}
		return ConditionEvaluationResult
			.disabled("No Docker engine answers here, so this Docker-only suite is skipped. "
					+ "Start Docker (or run on a machine with it) to run it.");
	}

}
