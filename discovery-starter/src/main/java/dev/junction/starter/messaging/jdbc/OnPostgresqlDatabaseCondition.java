/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.jdbc;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnPostgresqlDatabase}.
 */
class OnPostgresqlDatabaseCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		JunctionDatabase database = JunctionDatabase.of(context.getEnvironment(), context.getBeanFactory());
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnPostgresqlDatabase.class);
		if (database.isOther()) {
			return ConditionOutcome.noMatch(message.because("the database is " + database.description()
					+ ", not PostgreSQL (jsonb, SKIP LOCKED, ON CONFLICT and ctid are needed)"));
		}
		return ConditionOutcome.match(message.because("the database is " + database.description()));
	}

}
