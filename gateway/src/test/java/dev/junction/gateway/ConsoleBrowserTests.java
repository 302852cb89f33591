/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.testsupport.RedisNamespaceExtension;
import dev.junction.testsupport.TestServers;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, driven through plain WebDriver): it shows both versions of the
 * sample user service with live figures that move, starts a rollout from its form and
 * aborts it with its button, both with the keyboard only, and the policy in Consul KV
 * shows the abort. Its API refuses a write without the console's header or from another
 * origin.
 */
class ConsoleBrowserTests {

	private static final String USERS = "sample-user-service";

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	static FakeBackend v1;

	static FakeBackend v2;

	static RunningGateway gateway;

	static final AtomicBoolean sending = new AtomicBoolean(true);

	static final ExecutorService traffic = Executors.newSingleThreadExecutor();

	@BeforeAll
	static void start() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			String message = "chromium and chromedriver are not installed (apt-get install chromium chromium-driver): "
					+ "the console's browser test needs them";
			if (TestServers.requireServers()) {
				throw new IllegalStateException(message);
			}
			Assumptions.abort(message);
		}
		v1 = FakeBackend.start(consul.baseUrl(), USERS, "v1");
		v2 = FakeBackend.start(consul.baseUrl(), USERS, "v2");
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		properties.putAll(redis.springProperties());
		properties.put("junction.gateway.rollouts.redis-key-prefix", redis.keyPrefix() + "rollout:");
		properties.put("junction.console.actions-enabled", "true");
		gateway = RunningGateway.startReady(properties);
		traffic.submit(() -> {
			while (sending.get()) {
				gateway.get("/api/users/1");
				gateway.get("/api/users/1", "X-Canary", "always");
				Thread.sleep(20);
			}
			return null;
		});
	}

	@AfterAll
	static void stop() throws InterruptedException {
		sending.set(false);
		traffic.shutdown();
		traffic.awaitTermination(10, TimeUnit.SECONDS);
		if (gateway != null) {
			gateway.close();
			v1.close();
			v2.close();
		}
	}

	private static WebDriver browser() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1280,1600");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static String console() {
		return "http://127.0.0.1:" + gateway.managementPort() + "/junction";
	}

	/**
	 * The texts (or an attribute) of what a selector finds in the service's section, read
	 * in one script: the page redraws its figures every 2 s, so elements found in one
	 * call may be gone by the next.
	 */
	@SuppressWarnings("unchecked")
	private static List<String> read(WebDriver browser, String selector, @Nullable String attribute) {
		Object values = ((JavascriptExecutor) browser).executeScript(
				"return Array.from(document.querySelectorAll(arguments[0]))"
						+ ".map((e) => arguments[1] ? e.getAttribute(arguments[1]) : e.textContent);",
				"section[data-service='" + USERS + "'] " + selector, attribute);
		return (List<String>) values;
	}

	private static List<String> liveRequestsPerSecond(WebDriver browser) {
		return read(browser, "table.live tr[data-version] td[data-rps]", null);
	}

	@Test
	void theConsoleShowsLiveVersionsStartsARolloutAndAbortsItWithTheKeyboard() {
		WebDriver browser = browser();
		try {
			browser.get(console());
			await().atMost(Duration.ofSeconds(30))
				.until(() -> !browser.findElements(By.cssSelector("section[data-service='" + USERS + "']")).isEmpty());
			WebElement section = browser.findElement(By.cssSelector("section[data-service='" + USERS + "']"));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> read(browser, "tr[data-instance]", "data-instance").size() == 2);
			assertThat(read(browser, "table.live tr[data-version]", "data-version")).contains("v1", "v2");
			// the live figures arrive and move while traffic flows
			await().atMost(Duration.ofSeconds(30))
				.until(() -> liveRequestsPerSecond(browser).stream().noneMatch((text) -> text.equals("–")));
			List<String> first = liveRequestsPerSecond(browser);
			await().atMost(Duration.ofSeconds(30)).until(() -> !liveRequestsPerSecond(browser).equals(first));

			// start a rollout from the form: focus the spec, Tab to the button, Enter
			WebElement spec = section.findElement(By.cssSelector("form.start textarea"));
			spec.clear();
			spec.sendKeys("{\"canaryVersion\": \"v2\", \"steps\": [{\"weight\": 10, \"pause\": \"5m\"}]}");
			spec.sendKeys(Keys.TAB);
			browser.switchTo().activeElement().sendKeys(Keys.ENTER);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> read(browser, "[data-phase]", "data-phase").contains("Progressing"));
			assertThat(read(browser, "[data-weight]", null)).containsExactly("10");

			// abort it with the keyboard: Tab from the first action button to the
			// third (pause, resume, abort) and Enter
			WebElement pause = section.findElement(By.cssSelector("button[data-action='pause']"));
			pause.sendKeys(Keys.TAB);
			browser.switchTo().activeElement().sendKeys(Keys.TAB);
			assertThat(browser.switchTo().activeElement().getAttribute("data-action")).isEqualTo("abort");
			browser.switchTo().activeElement().sendKeys(Keys.ENTER);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> read(browser, "[data-phase]", "data-phase").contains("RolledBack"));
			JsonNode policy = json
				.readTree(ConsulHttp.get(consul.baseUrl(), "/v1/kv/junction/policies/" + USERS + "?raw"));
			assertThat(policy.path("canaryVersion").asString()).isEqualTo("v2");
			assertThat(policy.path("canaryWeight").asInt()).isZero();
			assertThat(read(browser, "ol.timeline", null)).singleElement().asString().contains("aborted by a person");
		}
		finally {
			browser.quit();
		}
	}

	@Test
	void theApiRefusesWritesWithoutTheConsoleHeaderOrFromAnotherOrigin() {
		String url = console() + "/api/rollouts/" + USERS + "/actions/abort";
		HttpResponse<String> noHeader = gateway.send(gateway.request(url).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(noHeader.statusCode()).isEqualTo(403);
		assertThat(noHeader.body()).contains("X-Junction-Console");
		HttpResponse<String> otherOrigin = gateway
			.send(gateway.request(url, "X-Junction-Console", "1", "Origin", "http://evil.example")
				.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(otherOrigin.statusCode()).isEqualTo(403);
		HttpResponse<String> badSpec = gateway.send(
				gateway
					.request(console() + "/api/rollouts/" + USERS, "X-Junction-Console", "1", "Content-Type",
							"application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"canaryVersion\": \"v2\"}")));
		assertThat(badSpec.statusCode()).isEqualTo(400);
		assertThat(badSpec.body()).contains("steps must be a non-empty array");
	}

}
