/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.jdbc;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Explains a start-up that failed because an application uses {@code OutboxWriter} or
 * {@code IdempotentConsumer} on a database other than PostgreSQL: either nothing could be
 * injected (the parts backed off because the configuration names another database) or the
 * database said at start-up that it is another one. Ahead of Boot's own analyzer of a
 * missing bean, which would only say to define one.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class JunctionDatabaseFailureAnalyzer implements FailureAnalyzer {

	private static final Map<String, String> PARTS = Map.of("dev.junction.starter.messaging.outbox.OutboxWriter",
			"OutboxWriter", "dev.junction.starter.messaging.idempotency.IdempotentConsumer", "IdempotentConsumer");

	private final Environment environment;

	private final @Nullable ConfigurableListableBeanFactory beanFactory;

	JunctionDatabaseFailureAnalyzer(Environment environment, BeanFactory beanFactory) {
		this.environment = environment;
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		UnsupportedDatabaseException unsupported = cause(failure, UnsupportedDatabaseException.class);
		if (unsupported != null) {
			return analysis(unsupported.getPart(), unsupported.getDatabase(), failure);
		}
		NoSuchBeanDefinitionException missing = cause(failure, NoSuchBeanDefinitionException.class);
		String part = (missing != null) ? part(missing.getResolvableType()) : null;
		if (part == null) {
			return null;
		}
		JunctionDatabase database = JunctionDatabase.of(this.environment, this.beanFactory);
		return database.isOther() ? analysis(part, database.description(), failure) : null;
	}

	private static @Nullable String part(@Nullable ResolvableType type) {
		Class<?> resolved = (type != null) ? type.resolve() : null;
		return (resolved != null) ? PARTS.get(resolved.getName()) : null;
	}

	private static FailureAnalysis analysis(String part, String database, Throwable failure) {
		String description = String.format("The application uses Junction's %s, which needs PostgreSQL, but its "
				+ "database is %s.%nJunction's outbox (OutboxWriter) and idempotent consumer (IdempotentConsumer) use "
				+ "PostgreSQL's jsonb, FOR UPDATE SKIP LOCKED, INSERT ... ON CONFLICT and ctid, so on another database "
				+ "they back off and there is no %s to inject.", part, database, part);
		String action = String.format("Point spring.datasource.url at a PostgreSQL database (jdbc:postgresql://...), "
				+ "or stop using %s in this application: the rest of the starter (registration, discovery, clients, "
				+ "messaging with JunctionPublisher) works on any database. If nothing in the application uses the "
				+ "outbox or the idempotent consumer, junction.messaging.outbox.enabled=false and "
				+ "junction.messaging.idempotency.enabled=false turn them off.", part);
		return new FailureAnalysis(description, action, failure);
	}

	private static <E extends Throwable> @Nullable E cause(Throwable failure, Class<E> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return null;
	}

}
