/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.Name;

/**
 * The rules by which an {@link OutlierDetector} leaves out an instance for a while
 * ({@code junction.discovery.outlier-detection.*}). Each setter rejects a value that
 * cannot work with a message naming its key.
 */
public class OutlierDetectionProperties {

	private static final String PREFIX = "junction.discovery.outlier-detection.";

	/**
	 * Whether calls leave out instances that fail where others do not. Off, only Consul's
	 * passing list decides which instances are called.
	 */
	private boolean enabled = true;

	/**
	 * Consecutive gateway failures (connect refused or reset, timeouts, 502, 503, 504)
	 * after which an instance is ejected; 0 turns the rule off. A refused connection
	 * ejects at once.
	 */
	private int consecutiveGatewayFailures = 3;

	/**
	 * Consecutive 5xx answers (gateway failures included) after which an instance is
	 * ejected; 0 turns the rule off.
	 */
	@Name("consecutive-5xx")
	private int consecutive5xx = 5;

	/**
	 * How long an instance is left out, times the number of times it was ejected.
	 */
	private Duration baseEjectionTime = Duration.ofSeconds(5);

	/**
	 * Longest time an instance is left out at once.
	 */
	private Duration maxEjectionTime = Duration.ofSeconds(60);

	/**
	 * Most instances of a service, in percent of its known instances, left out at the
	 * same time; one may always be ejected when a service has two or more.
	 */
	private int maxEjectionPercent = 50;

	private final SuccessRate successRate = new SuccessRate();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getConsecutiveGatewayFailures() {
		return this.consecutiveGatewayFailures;
	}

	public void setConsecutiveGatewayFailures(int consecutiveGatewayFailures) {
		this.consecutiveGatewayFailures = atLeast(0, consecutiveGatewayFailures, "consecutive-gateway-failures",
				"0 turns the rule off");
	}

	public int getConsecutive5xx() {
		return this.consecutive5xx;
	}

	public void setConsecutive5xx(int consecutive5xx) {
		this.consecutive5xx = atLeast(0, consecutive5xx, "consecutive-5xx", "0 turns the rule off");
	}

	public Duration getBaseEjectionTime() {
		return this.baseEjectionTime;
	}

	public void setBaseEjectionTime(Duration baseEjectionTime) {
		this.baseEjectionTime = positive(baseEjectionTime, "base-ejection-time");
	}

	public Duration getMaxEjectionTime() {
		return this.maxEjectionTime;
	}

	public void setMaxEjectionTime(Duration maxEjectionTime) {
		this.maxEjectionTime = positive(maxEjectionTime, "max-ejection-time");
	}

	public int getMaxEjectionPercent() {
		return this.maxEjectionPercent;
	}

	public void setMaxEjectionPercent(int maxEjectionPercent) {
		if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
			throw new IllegalArgumentException(PREFIX + "max-ejection-percent must be between 0 and 100, not "
					+ maxEjectionPercent + " (set enabled=false to turn outlier detection off)");
		}
		this.maxEjectionPercent = maxEjectionPercent;
	}

	public SuccessRate getSuccessRate() {
		return this.successRate;
	}

	/**
	 * Checks what no single setter can: the longest ejection is at least the base one.
	 * @throws IllegalArgumentException naming the keys when it is not
	 */
	public void validate() {
		if (this.maxEjectionTime.compareTo(this.baseEjectionTime) < 0) {
			throw new IllegalArgumentException(PREFIX + "max-ejection-time (" + this.maxEjectionTime
					+ ") must not be shorter than " + PREFIX + "base-ejection-time (" + this.baseEjectionTime + ")");
		}
	}

	static int atLeast(int minimum, int value, String key, String hint) {
		if (value < minimum) {
			throw new IllegalArgumentException(
					PREFIX + key + " must be " + minimum + " or more, not " + value + " (" + hint + ")");
		}
		return value;
	}

	static Duration positive(Duration value, String key) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(PREFIX + key + " must be a positive duration such as 5s, not " + value);
		}
		return value;
	}

	/**
	 * Ejection of an instance whose success rate over an interval is well below that of
	 * the other instances of its version, where there are enough instances with enough
	 * calls to compare.
	 */
	public static class SuccessRate {

		/**
		 * Whether instances are compared by success rate.
		 */
		private boolean enabled = true;

		/**
		 * Instances of one version that must each have had request-volume calls in an
		 * interval before any of them is compared.
		 */
		private int minimumHosts = 3;

		/**
		 * Calls (load-shedding answers not counted) an instance needs in an interval to
		 * be compared.
		 */
		private int requestVolume = 20;

		/**
		 * How many standard deviations below the mean success rate an instance must be to
		 * be ejected. A single bad instance among n lies at most sqrt(n-1) deviations
		 * below the mean (1.41 with 3 instances), so the factor must stay below that.
		 */
		private double stdevFactor = 1.3;

		/**
		 * Length of the interval over which success rates are counted and compared.
		 */
		private Duration interval = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMinimumHosts() {
			return this.minimumHosts;
		}

		public void setMinimumHosts(int minimumHosts) {
			this.minimumHosts = atLeast(2, minimumHosts, "success-rate.minimum-hosts",
					"a rate is compared with those of other instances");
		}

		public int getRequestVolume() {
			return this.requestVolume;
		}

		public void setRequestVolume(int requestVolume) {
			this.requestVolume = atLeast(1, requestVolume, "success-rate.request-volume",
					"set success-rate.enabled=false to turn the rule off");
		}

		public double getStdevFactor() {
			return this.stdevFactor;
		}

		public void setStdevFactor(double stdevFactor) {
			if (!(stdevFactor > 0) || Double.isInfinite(stdevFactor)) {
				throw new IllegalArgumentException(
						PREFIX + "success-rate.stdev-factor must be a positive number such as 1.3, not " + stdevFactor);
			}
			this.stdevFactor = stdevFactor;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = positive(interval, "success-rate.interval");
		}

	}

}
