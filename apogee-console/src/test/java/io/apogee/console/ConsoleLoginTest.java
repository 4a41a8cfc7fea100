package io.apogee.console;

import com.alibaba.fastjson2.JSON;
import io.apogee.client.ClientOptions;
import io.apogee.client.admin.Admin;
import io.apogee.protocol.body.SubscriptionGroupConfig;
import io.apogee.security.Acl;
import io.apogee.security.Action;
import io.apogee.security.Credentials;
import io.apogee.security.Decision;
import io.apogee.security.PolicyEntry;
import io.apogee.security.RequestSigner;
import io.apogee.security.ResourcePattern;
import io.apogee.security.User;
import io.apogee.test.ApogeeOptions;
import io.apogee.test.EmbeddedApogee;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.awaitility.core.ThrowingRunnable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console of a broker with authentication and authorization on: users log in with their password, and
 * the console acts as them, so a Normal user's delete of a topic is refused by the broker itself (a 403 with
 * the broker's reason) while a Super user's goes through.
 */
class ConsoleLoginTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedApogee apogee;
    private static ConsoleServer console;

    @BeforeAll
    static void start() throws IOException {
        apogee = EmbeddedApogee.start(ApogeeOptions.defaults()
                .brokerConfig("authenticationEnabled", "true")
                .brokerConfig("authorizationEnabled", "true")
                .brokerConfig("initAuthenticationUser", "{\"username\":\"root\",\"password\":\"rootSecret1\"}"));
        apogee.broker().securityStore().createUser(new User("viewer", "viewerSecret1", User.Type.NORMAL,
                User.Status.ENABLE));
        // The viewer may read everything and change nothing.
        apogee.broker().securityStore().putAcl(new Acl("User:viewer", Map.of(Acl.CUSTOM, List.of(
                new PolicyEntry(ResourcePattern.ANY, Set.of(Action.GET, Action.LIST), List.of(), Decision.ALLOW)))));
        // The lag chart's sampler signs as the server's own user, as the launched servers' consoles do.
        console = new ConsoleServer(apogee.namesrvAddr(), new SecuredAccess(apogee.broker().securityStore(),
                new Credentials("root", "rootSecret1")), Duration.ofMillis(200)).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        console.close();
        apogee.close();
    }

    @Test
    void usersLogInAndActWithTheirOwnPermissions() throws Exception {
        assertThat(call("GET", "/session", null, null).statusCode()).as("no login").isEqualTo(401);
        assertThat(call("POST", "/login", "{\"user\":\"root\",\"password\":\"wrong\"}", null).statusCode())
                .isEqualTo(401);
        assertThat(call("POST", "/login", "{\"user\":\"nobody\",\"password\":\"x\"}", null).statusCode())
                .isEqualTo(401);

        String root = login("root", "rootSecret1");
        assertThat(JSON.parseObject(call("GET", "/session", null, root).body()).getString("user")).isEqualTo("root");
        assertThat(call("POST", "/topics", "{\"name\":\"Guarded\",\"queues\":2}", root).statusCode()).isEqualTo(200);

        String viewer = login("viewer", "viewerSecret1");
        HttpResponse<String> refused = call("DELETE", "/topics/Guarded", null, viewer);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(JSON.parseObject(refused.body()).getString("error")).contains("viewer");
        assertThat(call("GET", "/topics/Guarded", null, root).statusCode()).as("still there").isEqualTo(200);

        assertThat(call("DELETE", "/topics/Guarded", null, root).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/topics/Guarded", null, root).statusCode()).as("gone").isNotEqualTo(200);

        assertThat(call("POST", "/logout", null, viewer).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/session", null, viewer).statusCode()).as("after logout").isEqualTo(401);
        assertThat(call("GET", "/session", null, root).statusCode()).as("others stay in").isEqualTo(200);
    }

    @Test
    void theBrowserAsksForALoginAndShowsWhyADeleteWasRefused() throws Exception {
        String root = login("root", "rootSecret1");
        assertThat(call("POST", "/topics", "{\"name\":\"Kept\",\"queues\":1}", root).statusCode()).isEqualTo(200);
        try (Browser browser = new Browser(console.url(), Path.of("target", "console-screenshots"))) {
            browser.open("#/topics/Kept");
            eventually(() -> assertThat(browser.driver().findElements(By.cssSelector("#login-form"))).hasSize(1));
            browser.screenshot("20-login");
            browser.fill("#login-user", "viewer");
            browser.fill("#login-password", "wrong");
            browser.find("#login-submit").click();
            eventually(() -> assertThat(browser.text("#login-error")).contains("wrong user or password"));
            browser.fill("#login-password", "viewerSecret1");
            browser.find("#login-submit").click();
            eventually(() -> assertThat(browser.text("#auth-status")).contains("Signed in as viewer"));
            eventually(() -> assertThat(browser.text("#topic-name")).isEqualTo("Kept"));
            browser.find("#delete-topic").click();
            browser.find("#delete-topic-confirm").click();
            eventually(() -> assertThat(browser.text("#delete-confirm .refusal")).contains("viewer"));
            assertThat(browser.find("#delete-topic-confirm").isEnabled()).as("the refused button is disabled").isFalse();
            browser.screenshot("21-delete-refused");
        }
        assertThat(call("GET", "/topics/Kept", null, root).statusCode()).as("still there").isEqualTo(200);
    }

    @Test
    void theLagChartIsSampledWithTheServersCredentialsThoughNoUserIsBehindTheSampler() throws Exception {
        ClientOptions options = new ClientOptions();
        options.setNamesrvAddr(apogee.namesrvAddr());
        options.setRpcHook(new RequestSigner(new Credentials("root", "rootSecret1")));
        try (Admin admin = new Admin(options)) {
            admin.createGroup("DefaultCluster", SubscriptionGroupConfig.defaults("sampled-readers"));
        }
        String viewer = login("viewer", "viewerSecret1");
        // Unsigned, the sampler's calls would be refused and the chart stay empty.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> history = call("GET", "/groups/sampled-readers/lag-history", null, viewer);
            assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
            assertThat(JSON.parseArray(history.body())).isNotEmpty();
        });
    }

    private static void eventually(ThrowingRunnable assertion) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(WebDriverException.class)
                .untilAsserted(assertion);
    }

    /** Logs in; returns the session cookie. */
    private static String login(String user, String password) throws Exception {
        HttpResponse<String> response = call("POST", "/login",
                "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static HttpResponse<String> call(String method, String path, String body, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port()
                        + "/api/v1" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
