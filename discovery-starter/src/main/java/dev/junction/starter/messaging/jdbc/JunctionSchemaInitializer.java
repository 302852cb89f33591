/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.jdbc;

import javax.sql.DataSource;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Creates a Junction table at start-up, the way Boot creates the tables of Spring
 * Session, Batch and Quartz: a script per database platform (only PostgreSQL is shipped),
 * run by a database initializer that beans needing the database wait for.
 * <p>
 * Why not Flyway migrations in the application's history: Flyway versions are global per
 * schema history table, so migrations shipped in a library would have to claim version
 * numbers in every application's sequence, and would clash or run out of order. The
 * scripts here are idempotent instead ({@code CREATE ... IF NOT EXISTS}) and run on every
 * start; the whole script runs in one transaction that first takes a PostgreSQL advisory
 * lock, so several instances starting at once on an empty database do not race. An
 * application that manages its schema itself sets {@code initialize-schema=never} and
 * copies the script (under {@code classpath:db/junction/}) into its own migrations.
 */
public class JunctionSchemaInitializer
		extends PropertiesBasedDataSourceScriptDatabaseInitializer<DatabaseInitializationProperties> {

	public JunctionSchemaInitializer(DataSource dataSource, DatabaseInitializationProperties properties) {
		super(dataSource, properties);
	}

	/**
	 * The initializer of a part that needs PostgreSQL. When the configuration does not
	 * name the database, the database is asked first (another one fails with
	 * {@link UnsupportedDatabaseException}). When it names PostgreSQL, that is the
	 * scripts' platform: Boot would otherwise connect to find the platform while the
	 * initializer is created, and a PostgreSQL that is down at start-up would stop even
	 * an application that creates no table ({@code initialize-schema=never}).
	 * @param dataSource the data source
	 * @param properties the part's schema properties
	 * @param environment the application's environment
	 * @param beanFactory its bean factory
	 * @param part the part, for the message
	 * @return the initializer
	 */
	public static JunctionSchemaInitializer forPostgresql(DataSource dataSource,
			DatabaseInitializationProperties properties, Environment environment, BeanFactory beanFactory,
			String part) {
		JunctionDatabase database = JunctionDatabase.of(environment, beanFactory);
		if (database.isUnknown()) {
			JunctionDatabase.requirePostgresql(dataSource, part);
		}
		else if (database.isPostgresql() && !StringUtils.hasText(properties.getPlatform())) {
			properties.setPlatform("postgresql");
		}
		return new JunctionSchemaInitializer(dataSource, properties);
	}

	@Override
	protected void runScripts(Scripts scripts) {
		// one transaction: the script's advisory lock is held until every table exists
		new TransactionTemplate(new DataSourceTransactionManager(getDataSource()))
			.executeWithoutResult((status) -> super.runScripts(scripts));
	}

}
