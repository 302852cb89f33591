package dev.junction.starter.discovery;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.util.StringUtils;

/**
 * Builds the {@code /v1/health/service/<name>?passing} requests of the watches from
 * spring-cloud-consul's own settings (agent address, ACL token, query tags, datacenters,
 * consistency mode), so the watch asks exactly what its {@code DiscoveryClient} would.
 */
final class HealthQuery {

	static final String TOKEN_HEADER = "X-Consul-Token";

	private final String baseUrl;

	private final ConsulDiscoveryProperties discovery;

	private final Duration wait;

	HealthQuery(String baseUrl, ConsulDiscoveryProperties discovery, Duration wait) {
		this.baseUrl = StringUtils.trimTrailingCharacter(baseUrl, '/');
		this.discovery = discovery;
		this.wait = wait;
	}

	HttpRequest request(String serviceId, long index) {
		StringBuilder uri = new StringBuilder(this.baseUrl).append("/v1/health/service/")
			.append(encode(serviceId))
			.append("?passing");
		String[] tags = this.discovery.getQueryTagsForService(serviceId);
		if (tags != null) {
			for (String tag : tags) {
				uri.append("&tag=").append(encode(tag));
			}
		}
		String datacenter = this.discovery.getDatacenters().get(serviceId);
		if (StringUtils.hasText(datacenter)) {
			uri.append("&dc=").append(encode(datacenter));
		}
		ConsulDiscoveryProperties.ConsistencyMode mode = this.discovery.getConsistencyMode();
		if (mode == ConsulDiscoveryProperties.ConsistencyMode.STALE) {
			uri.append("&stale");
		}
		else if (mode == ConsulDiscoveryProperties.ConsistencyMode.CONSISTENT) {
			uri.append("&consistent");
		}
		Duration timeout = Duration.ofSeconds(10);
		if (index > 0) {
			uri.append("&index=").append(index).append("&wait=").append(goDuration(this.wait));
			// Consul adds up to wait/16 of jitter before answering an unchanged query
			timeout = this.wait.plus(this.wait.dividedBy(16)).plusSeconds(5);
		}
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(timeout).GET();
		String token = this.discovery.getAclToken();
		if (StringUtils.hasText(token)) {
			request.header(TOKEN_HEADER, token);
		}
		return request.build();
	}

	private static String goDuration(Duration duration) {
		long millis = Math.max(duration.toMillis(), 1);
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private static String encode(@Nullable String value) {
		return URLEncoder.encode((value != null) ? value : "", StandardCharsets.UTF_8).replace("+", "%20");
	}

}
