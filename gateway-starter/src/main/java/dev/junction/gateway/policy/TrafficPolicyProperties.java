/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.gateway.GatewayHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The configured traffic policies, one per service, and the live overrides from Consul
 * KV.
 */
@ConfigurationProperties("junction.gateway")
public class TrafficPolicyProperties {

	/**
	 * Traffic policy per service (the Consul service name of an {@code lb://} route).
	 * Services without one get no version preference.
	 */
	private final Map<String, Policy> policies = new LinkedHashMap<>();

	/**
	 * Policies changed at runtime in Consul KV.
	 */
	@NestedConfigurationProperty
	private final LivePolicies livePolicies = new LivePolicies();

	public Map<String, Policy> getPolicies() {
		return this.policies;
	}

	public LivePolicies getLivePolicies() {
		return this.livePolicies;
	}

	/**
	 * One service's traffic policy as configured; see {@link TrafficPolicy}.
	 */
	public static class Policy {

		/**
		 * Version metadata of the stable instances.
		 */
		private @Nullable String stableVersion;

		/**
		 * Version metadata of the canary instances; none means no canary.
		 */
		private @Nullable String canaryVersion;

		/**
		 * Percentage (0-100) of the requests not decided by header or cookie that go to
		 * the canary.
		 */
		private int canaryWeight;

		/**
		 * Request header of the header rule ('always', 'never' or the exact value).
		 */
		private String canaryHeader = GatewayHeaders.CANARY;

		/**
		 * Exact header value that selects the canary; when set, other values fall through
		 * to the cookie and weight rules.
		 */
		private @Nullable String canaryHeaderValue;

		/**
		 * Cookie of the cookie rule ('always' or 'never').
		 */
		private String canaryCookie = GatewayHeaders.CANARY_COOKIE;

		/**
		 * Where the key of the weighted choice comes from; requests without it draw at
		 * random.
		 */
		private Sticky sticky = Sticky.HEADER;

		/**
		 * Header or cookie holding the sticky key.
		 */
		private String stickyName = GatewayHeaders.USER_ID;

		/**
		 * Whether to send a request to the other version when the chosen one has no
		 * healthy instance, rather than answer 503.
		 */
		private boolean fallback = true;

		/**
		 * The validated policy.
		 * @param service the service, for the message of an invalid policy
		 * @return the policy
		 * @throws IllegalStateException naming the service and what is wrong
		 */
		public TrafficPolicy toPolicy(String service) {
			try {
				return new TrafficPolicy(this.stableVersion, this.canaryVersion, this.canaryWeight, this.canaryHeader,
						this.canaryHeaderValue, this.canaryCookie, this.sticky, this.stickyName, this.fallback);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("Invalid traffic policy junction.gateway.policies." + service + ": "
						+ ex.getMessage() + ". Fix it in the gateway's configuration.", ex);
			}
		}

		public @Nullable String getStableVersion() {
			return this.stableVersion;
		}

		public void setStableVersion(@Nullable String stableVersion) {
			this.stableVersion = stableVersion;
		}

		public @Nullable String getCanaryVersion() {
			return this.canaryVersion;
		}

		public void setCanaryVersion(@Nullable String canaryVersion) {
			this.canaryVersion = canaryVersion;
		}

		public int getCanaryWeight() {
			return this.canaryWeight;
		}

		public void setCanaryWeight(int canaryWeight) {
			this.canaryWeight = canaryWeight;
		}

		public String getCanaryHeader() {
			return this.canaryHeader;
		}

		public void setCanaryHeader(String canaryHeader) {
			this.canaryHeader = canaryHeader;
		}

		public @Nullable String getCanaryHeaderValue() {
			return this.canaryHeaderValue;
		}

		public void setCanaryHeaderValue(@Nullable String canaryHeaderValue) {
			this.canaryHeaderValue = canaryHeaderValue;
		}

		public String getCanaryCookie() {
			return this.canaryCookie;
		}

		public void setCanaryCookie(String canaryCookie) {
			this.canaryCookie = canaryCookie;
		}

		public Sticky getSticky() {
			return this.sticky;
		}

		public void setSticky(Sticky sticky) {
			this.sticky = sticky;
		}

		public String getStickyName() {
			return this.stickyName;
		}

		public void setStickyName(String stickyName) {
			this.stickyName = stickyName;
		}

		public boolean isFallback() {
			return this.fallback;
		}

		public void setFallback(boolean fallback) {
			this.fallback = fallback;
		}

	}

}
