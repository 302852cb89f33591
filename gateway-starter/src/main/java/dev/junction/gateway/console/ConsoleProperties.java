/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The console at {@code /junction} on the gateway's management port.
 */
@ConfigurationProperties("junction.console")
public class ConsoleProperties {

	/**
	 * Whether the management port serves the console page and its JSON API.
	 */
	private boolean enabled = true;

	/**
	 * Whether the console may write (start a rollout, pause, resume, abort, promote). Off
	 * by default: the page then only shows.
	 */
	private boolean actionsEnabled;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isActionsEnabled() {
		return this.actionsEnabled;
	}

	public void setActionsEnabled(boolean actionsEnabled) {
		this.actionsEnabled = actionsEnabled;
	}

}
