package dev.junction.starter.messaging.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Junction's idempotent consumers. The {@code junction_processed_message} table is
 * created at start-up unless {@code initialize-schema=never}.
 */
@ConfigurationProperties("junction.messaging.idempotency")
public class IdempotencyProperties extends DatabaseInitializationProperties {

	/** Whether to provide the idempotent-consumer helper. */
	private boolean enabled = true;

	public IdempotencyProperties() {
		setInitializeSchema(DatabaseInitializationMode.ALWAYS);
		setContinueOnError(false);
	}

	@Override
	public String getDefaultSchemaLocation() {
		return "classpath:db/junction/processed-message-@@platform@@.sql";
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
