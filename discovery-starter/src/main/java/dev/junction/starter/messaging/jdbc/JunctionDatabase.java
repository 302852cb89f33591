/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.jdbc;

import java.sql.DatabaseMetaData;
import java.util.Locale;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Whether the application's database is PostgreSQL, which the outbox and the idempotent
 * consumer need (jsonb, {@code FOR UPDATE SKIP LOCKED}, {@code INSERT ... ON CONFLICT},
 * {@code ctid}).
 * <p>
 * Decided without connecting, so that a PostgreSQL that is merely down at start-up is
 * never taken for another database: from {@code spring.datasource.url}, else
 * {@code spring.datasource.driver-class-name}, else from Boot's choice of an embedded
 * database when Boot builds the {@link DataSource} from its properties alone. When none
 * of these tells (the application's own {@code DataSource} bean, connection details from
 * Docker Compose or Testcontainers), the answer is {@link Kind#UNKNOWN}: the parts stay,
 * and {@link #requirePostgresql(DataSource, String)} asks the database itself at
 * start-up, when it answers.
 */
public final class JunctionDatabase {

	private static final String BOOT_JDBC_AUTOCONFIGURE = "org.springframework.boot.jdbc.autoconfigure.";

	private static final String PROPERTIES_CONNECTION_DETAILS = BOOT_JDBC_AUTOCONFIGURE
			+ "PropertiesJdbcConnectionDetails";

	private static final String CONNECTION_DETAILS = BOOT_JDBC_AUTOCONFIGURE + "JdbcConnectionDetails";

	private final Kind kind;

	private final String description;

	private JunctionDatabase(Kind kind, String description) {
		this.kind = kind;
		this.description = description;
	}

	/**
	 * What the database is, as far as the configuration tells.
	 * @param environment the application's environment
	 * @param beanFactory its bean factory (bean definitions are read, no bean is
	 * created), or {@code null}
	 * @return the decision
	 */
	public static JunctionDatabase of(Environment environment, @Nullable ConfigurableListableBeanFactory beanFactory) {
		String url = environment.getProperty("spring.datasource.url",
				environment.getProperty("spring.datasource.hikari.jdbc-url", ""));
		if (StringUtils.hasText(url)) {
			return isPostgresqlUrl(url) ? new JunctionDatabase(Kind.POSTGRESQL, "PostgreSQL")
					: new JunctionDatabase(Kind.OTHER, "'" + scheme(url) + "' (spring.datasource.url)");
		}
		String driver = environment.getProperty("spring.datasource.driver-class-name");
		if (StringUtils.hasText(driver)) {
			return isPostgresqlDriver(driver) ? new JunctionDatabase(Kind.POSTGRESQL, "PostgreSQL")
					: new JunctionDatabase(Kind.OTHER, driver + " (spring.datasource.driver-class-name)");
		}
		if (beanFactory != null && !hasOtherConnectionDetails(beanFactory)) {
			String[] names = beanFactory.getBeanNamesForType(DataSource.class, true, false);
			if (names.length == 1 && isEmbedded(beanFactory, names[0])) {
				return new JunctionDatabase(Kind.OTHER,
						"an embedded database (no spring.datasource.url, so Boot chose the embedded one)");
			}
		}
		return new JunctionDatabase(Kind.UNKNOWN, "not known from the configuration");
	}

	/**
	 * When the configuration does not tell what the database is, asks the database: see
	 * {@link #requirePostgresql(DataSource, String)}.
	 * @param environment the application's environment
	 * @param beanFactory its bean factory
	 * @param dataSource the data source
	 * @param part the part that needs PostgreSQL, for the message
	 * @throws UnsupportedDatabaseException when the database is another one
	 */
	public static void requirePostgresqlWhenUnknown(Environment environment, BeanFactory beanFactory,
			DataSource dataSource, String part) {
		if (of(environment, beanFactory).isUnknown()) {
			requirePostgresql(dataSource, part);
		}
	}

	/**
	 * What the database is, as far as the configuration tells.
	 * @param environment the application's environment
	 * @param beanFactory its bean factory
	 * @return the decision
	 */
	public static JunctionDatabase of(Environment environment, BeanFactory beanFactory) {
		return of(environment, (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null);
	}

	/**
	 * Fails when the database answers and is not PostgreSQL; a database that does not
	 * answer passes (it may be a PostgreSQL that is down).
	 * @param dataSource the data source
	 * @param part the part that needs PostgreSQL, for the message
	 * @throws UnsupportedDatabaseException when the database is another one
	 */
	public static void requirePostgresql(DataSource dataSource, String part) {
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (Exception ex) {
			return;
		}
		if (product != null && !product.toLowerCase(Locale.ROOT).contains("postgres")) {
			throw new UnsupportedDatabaseException(part, product + " (its JDBC metadata)");
		}
	}

	/**
	 * Whether the database is known to be another one than PostgreSQL.
	 * @return whether it is another database
	 */
	public boolean isOther() {
		return this.kind == Kind.OTHER;
	}

	/**
	 * Whether the configuration names PostgreSQL.
	 * @return whether it is PostgreSQL
	 */
	public boolean isPostgresql() {
		return this.kind == Kind.POSTGRESQL;
	}

	/**
	 * Whether the configuration does not tell.
	 * @return whether the database is unknown
	 */
	public boolean isUnknown() {
		return this.kind == Kind.UNKNOWN;
	}

	/**
	 * What the database is, for messages.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

	static boolean isPostgresqlUrl(String url) {
		// jdbc:postgresql:, and wrappers such as
		// jdbc:tc:postgresql:, jdbc:p6spy:postgresql:
		String[] segments = scheme(url).toLowerCase(Locale.ROOT).split(":");
		for (String segment : segments) {
			if (segment.equals("postgresql") || segment.equals("pgsql")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The URL up to its host or path, without credentials.
	 */
	private static String scheme(String url) {
		int end = url.indexOf("//");
		String head = (end < 0) ? url : url.substring(0, end);
		int colons = 0;
		for (int i = 0; i < head.length(); i++) {
			if (head.charAt(i) == ':' && ++colons == 3) {
				return head.substring(0, i + 1);
			}
		}
		return head;
	}

	private static boolean isPostgresqlDriver(String driver) {
		return driver.equals("org.postgresql.Driver") || driver.startsWith("com.impossibl.postgres.")
				|| driver.toLowerCase(Locale.ROOT).contains("postgres");
	}

	/**
	 * Connection details that are not Boot's from {@code spring.datasource.*} (Docker
	 * Compose, Testcontainers' service connections) name a URL only known once created.
	 */
	private static boolean hasOtherConnectionDetails(ConfigurableListableBeanFactory beanFactory) {
		if (!ClassUtils.isPresent(CONNECTION_DETAILS, beanFactory.getBeanClassLoader())) {
			return false;
		}
		Class<?> type = ClassUtils.resolveClassName(CONNECTION_DETAILS, beanFactory.getBeanClassLoader());
		for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
			Class<?> details = beanFactory.getType(name, false);
			if (details == null || !details.getName().equals(PROPERTIES_CONNECTION_DETAILS)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A {@link EmbeddedDatabase} bean, or Boot's pooled data source built without a URL
	 * (which Boot points at the embedded database on the class path).
	 */
	private static boolean isEmbedded(ConfigurableListableBeanFactory beanFactory, String name) {
		Class<?> type = beanFactory.getType(name, false);
		if (type != null && EmbeddedDatabase.class.isAssignableFrom(type)) {
			return true;
		}
		if (!beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = beanFactory.getBeanDefinition(name);
		String factoryBean = definition.getFactoryBeanName();
		if (factoryBean == null || !beanFactory.containsBeanDefinition(factoryBean)) {
			return false;
		}
		String factoryClass = beanFactory.getBeanDefinition(factoryBean).getBeanClassName();
		return factoryClass != null && factoryClass.startsWith(BOOT_JDBC_AUTOCONFIGURE);
	}

	private enum Kind {

		POSTGRESQL, OTHER, UNKNOWN

	}

}
