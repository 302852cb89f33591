package dev.junction.starter.discovery;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.consul.ConsulAutoConfiguration;
import org.springframework.cloud.consul.ConsulProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;

/**
 * Keeps one {@link ServiceWatch} per service this application calls, started on the first
 * call and stopped with the application context. All watches share one JDK
 * {@link HttpClient}, whose single selector thread serves every held query.
 */
public class ConsulHealthWatcher implements DisposableBean {

	private final ConcurrentMap<String, ServiceWatch> watches = new ConcurrentHashMap<>();

	private final HealthQuery query;

	private final Duration initialWait;

	private final HttpClient http;

	private final JsonMapper json;

	private volatile boolean stopped;

	public ConsulHealthWatcher(ConsulProperties consul, ConsulDiscoveryProperties discovery,
			DiscoveryProperties properties) {
		this.query = new HealthQuery(ConsulAutoConfiguration.createConsulClientBaseUrl(consul), discovery,
				properties.getWatchWait());
		this.initialWait = properties.getInitialWait();
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		this.json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	/**
	 * The passing instances of a service, starting its watch on first use.
	 * @param serviceId the Consul service name
	 * @return the current list (waiting briefly for Consul's first answer)
	 */
	public Mono<List<ServiceInstance>> instances(String serviceId) {
		return watch(serviceId).instances(this.initialWait);
	}

	/**
	 * Whether the watch of a service has had a successful answer from Consul yet,
	 * starting the watch on first use. An edge reports not-ready until this holds for the
	 * services it routes to, so no request fails only because the lists are still empty.
	 * @param serviceId the Consul service name
	 * @return {@code true} once Consul answered the watch successfully
	 */
	public boolean hasSynced(String serviceId) {
		return watch(serviceId).synced();
	}

	private ServiceWatch watch(String serviceId) {
		ServiceWatch watch = this.watches.get(serviceId);
		if (watch != null) {
			return watch;
		}
		return this.watches.computeIfAbsent(serviceId, (id) -> {
			ServiceWatch created = new ServiceWatch(id, this.query, this.http, this.json);
			if (this.stopped) {
				created.stop();
			}
			else {
				created.start();
			}
			return created;
		});
	}

	@Override
	public void destroy() {
		this.stopped = true;
		this.watches.values().forEach(ServiceWatch::stop);
	}

}
