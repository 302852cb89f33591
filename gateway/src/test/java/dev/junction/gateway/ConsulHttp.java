package dev.junction.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the tests do to Consul, over its HTTP API as an operator or a deployment would:
 * register instances, write and delete policy documents.
 */
final class ConsulHttp {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private ConsulHttp() {
	}

	static void register(String consul, String id, String service, int port, String version) {
		put(consul + "/v1/agent/service/register", """
				{"ID":"%s","Name":"%s","Address":"127.0.0.1","Port":%d,"Meta":{"version":"%s","zone":"z1"},
				 "Check":{"TTL":"30m","Status":"passing"}}""".formatted(id, service, port, version));
	}

	static void deregister(String consul, String id) {
		send(HttpRequest.newBuilder(URI.create(consul + "/v1/agent/service/deregister/" + id))
			.PUT(HttpRequest.BodyPublishers.noBody()));
	}

	static void putPolicy(String consul, String service, String json) {
		put(consul + "/v1/kv/junction/policies/" + service, json);
	}

	static void deletePolicy(String consul, String service) {
		send(HttpRequest.newBuilder(URI.create(consul + "/v1/kv/junction/policies/" + service)).DELETE());
	}

	private static void put(String url, String body) {
		send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	private static void send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Consul answered " + response.statusCode() + ": " + response.body());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Consul did not answer", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
