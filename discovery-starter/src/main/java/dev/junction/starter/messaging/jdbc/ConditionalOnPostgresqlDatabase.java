/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.jdbc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches unless the configuration shows that the database is not PostgreSQL (see
 * {@link JunctionDatabase}): a database the configuration does not name, or one that is
 * down, keeps the parts that need PostgreSQL.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnPostgresqlDatabaseCondition.class)
public @interface ConditionalOnPostgresqlDatabase {

}
